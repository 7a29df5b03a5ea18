import { render } from 'preact';
import { ApiClient } from '@/client/port-client';
import { Popup } from '@/components/Popup';

render(<Popup api={new ApiClient()} />, document.getElementById('app')!);
