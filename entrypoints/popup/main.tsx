import { render } from 'preact';
import { ApiClient } from '@/client/port-client';
import { Popup } from '@/components/Popup';
import { PopupScreenKeeper } from '@/components/popup-snapshot';

const app = document.getElementById('app')!;
const keeper = new PopupScreenKeeper(app, browser.storage.session);
render(<Popup api={new ApiClient()} onRendered={(root, keep) => keeper.rendered(root, keep)} />, app);
