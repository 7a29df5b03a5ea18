import { startBackground } from '@/client/background';

export default defineBackground(() => {
  startBackground();
});
