import { defineBackground } from '#imports';

export default defineBackground(() => {
  // wired in the measurement commit
});
