import { render } from 'preact';
import { ApiClient } from '@/client/port-client';
import { Board } from '@/components/Board';

// For the bench: when the page's script starts (before it asks the background for the board).
performance.mark('sidenote:board-script');
render(<Board api={new ApiClient()} />, document.getElementById('app')!);
