import { render } from 'preact';
import { ApiClient } from '@/client/port-client';
import { Sidebar } from '@/components/Sidebar';

const viewId = new URLSearchParams(location.hash.slice(1)).get('view') ?? '';
render(<Sidebar api={new ApiClient()} viewId={viewId} />, document.getElementById('app')!);
