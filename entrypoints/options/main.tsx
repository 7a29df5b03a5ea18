import { render } from 'preact';
import { ApiClient } from '@/client/port-client';
import { Options } from '@/components/Options';

render(<Options api={new ApiClient()} />, document.getElementById('app')!);
