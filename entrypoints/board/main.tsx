import { render } from 'preact';
import { ApiClient } from '@/client/port-client';
import { Board } from '@/components/Board';

render(<Board api={new ApiClient()} />, document.getElementById('app')!);
