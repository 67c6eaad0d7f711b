import { browser } from 'wxt/browser';

const KEY = 'history:privateTabs';
/** A closed tab's pages finish a little after the tab is gone (the ledger's flush): remember it a while. */
const FORGET_AFTER_MS = 120_000;

/**
 * Which tabs are in private windows. A page is often finished because its tab closed, when tabs.get can no longer
 * tell; and a worker woken by that close has never seen the tab. So the ids of private tabs are kept in
 * storage.session (memory only, cleared with the browser), and only while there are some.
 */
export class PrivateTabs {
  private ids = new Set<number>();
  private readonly loaded: Promise<void>;

  constructor() {
    // Listeners first, synchronously: the event that woke the worker must find them.
    browser.tabs.onCreated.addListener((tab) => this.note(tab));
    browser.tabs.onUpdated.addListener((_id, _change, tab) => this.note(tab));
    browser.tabs.onRemoved.addListener((tabId) => {
      if (this.ids.has(tabId)) setTimeout(() => this.drop(tabId), FORGET_AFTER_MS);
    });
    this.loaded = this.load();
  }

  private async load(): Promise<void> {
    try {
      const stored = (await browser.storage.session.get(KEY))[KEY];
      if (Array.isArray(stored)) for (const id of stored) if (typeof id === 'number') this.ids.add(id);
      for (const tab of await browser.tabs.query({})) this.note(tab);
    } catch (error) {
      console.warn('Empreinte history: could not list private tabs', error);
    }
  }

  async isPrivate(tabId: number): Promise<boolean> {
    await this.loaded;
    return this.ids.has(tabId);
  }

  private note(tab: { id?: number; incognito: boolean }): void {
    if (tab.id === undefined || !tab.incognito || this.ids.has(tab.id)) return;
    this.ids.add(tab.id);
    void this.save();
  }

  private drop(tabId: number): void {
    if (this.ids.delete(tabId)) void this.save();
  }

  private async save(): Promise<void> {
    try {
      if (this.ids.size > 0) await browser.storage.session.set({ [KEY]: [...this.ids] });
      else await browser.storage.session.remove(KEY);
    } catch {
      // Without the saved list a private tab closed while the worker sleeps could be recorded: logged, not fatal.
      console.warn('Empreinte history: could not save the list of private tabs');
    }
  }
}
