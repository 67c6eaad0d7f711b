import type { Kind } from './types';

/** webRequest resource types (Chromium and Firefox) to the popup's kinds. */
const KIND_OF_TYPE: Record<string, Kind> = {
  main_frame: 'document',
  sub_frame: 'document',
  stylesheet: 'stylesheet',
  script: 'script',
  image: 'image',
  imageset: 'image',
  font: 'font',
  media: 'media',
  object_subrequest: 'media',
  xmlhttprequest: 'xhr',
  websocket: 'websocket',
};

export function kindOf(type: string | undefined): Kind {
  return (type !== undefined && KIND_OF_TYPE[type]) || 'other';
}
