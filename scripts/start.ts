/*
 * npm start: builds the extension (the npm script does), then opens Chromium with it loaded: a window when a
 * display exists, headless otherwise (then `npm run measure` is the way to read figures).
 */
import { extensionId, launch } from './chromium';

const display = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const context = await launch({ headless: !display, userDataDir: process.env.EMPREINTE_PROFILE });
const id = await extensionId(context);
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(process.argv[2] ?? 'about:blank').catch(() => {});
console.log(`Chromium is running with Empreinte (${id}).`);
console.log(display ? 'Close the window or press Ctrl+C to stop.' : 'No display found: the browser runs headless. Press Ctrl+C to stop, or use `npm run measure -- <url>`.');
const stop = () => void context.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
context.on('close', () => process.exit(0));
