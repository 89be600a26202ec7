import { PROFILE_VALUES, type ProfileField } from '../knowledge/model.js';

/**
 * A user's deployment, asked once and remembered in user state (see `/profile`). Each field holds
 * the values the user's answers allow: one ("exchange-2016"), or several when the answer was
 * broader ("Exchange 2013 or 2016" keeps both until a later question tells them apart).
 */
export interface UserProfile {
  /** of exchange-2010 | exchange-2013 | exchange-2016 | exchange-online | unknown */
  readonly exchange?: readonly string[];
  /** of lync-2013 | sfb-server | sfb-online | unknown */
  readonly sfb?: readonly string[];
  /** of sfb-windows | lync-2013-client | lync-2010-client | lync-mac-2011 | sfb-mac | owa | unknown */
  readonly client?: readonly string[];
}

/** User-state key of the profile. */
export const USER_PROFILE = 'userProfile';

/** True when `value` is a value the field accepts (`unknown` included). */
export function isProfileValue(field: ProfileField, value: string): boolean {
  return value === 'unknown' || PROFILE_VALUES[field].includes(value);
}

/**
 * The values remembered for a field, valid ones only. State written before fields became lists
 * holds a single string; it reads as a list of one.
 */
export function profileValues(profile: UserProfile | undefined, field: ProfileField): readonly string[] {
  const stored: unknown = (profile as Record<string, unknown> | undefined)?.[field];
  const list = typeof stored === 'string' ? [stored] : Array.isArray(stored) ? stored : [];
  return list.filter((v): v is string => typeof v === 'string' && isProfileValue(field, v));
}
