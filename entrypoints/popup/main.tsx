import { render } from 'preact';

render(<main>Empreinte</main>, document.getElementById('app')!);
