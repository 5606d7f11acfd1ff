import { X_MATCHES } from './x/matches';
import { YOUTUBE_MATCHES } from './youtube/matches';

/**
 * Where the scripts that serve every site run (the MAIN-world observer, the channel's hand-over). A file
 * of its own: the channel's script imports it and must not carry the sites' call tables along.
 */
export const SITE_MATCHES: string[] = [...X_MATCHES, ...YOUTUBE_MATCHES];
