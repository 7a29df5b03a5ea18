import { render } from 'preact';
import { ApiClient } from '@/client/port-client';
import { receiveSidebarView } from '@/client/sidebar-key';
import { Sidebar } from '@/components/Sidebar';

const api = new ApiClient();
// Listening starts before the frame's load event, when the content script posts the view's key.
void receiveSidebarView(api).then((viewId) => render(<Sidebar api={api} viewId={viewId} />, document.getElementById('app')!));
