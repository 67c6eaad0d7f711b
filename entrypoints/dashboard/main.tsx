import { render } from 'preact';
import { App } from './App';
import '../../components/styles.css';

render(<App />, document.getElementById('app')!);
