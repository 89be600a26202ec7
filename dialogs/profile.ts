/** A user's deployment, asked once and remembered in user state (see `/profile`). */
export interface UserProfile {
  /** exchange-2010 | exchange-2013 | exchange-2016 | exchange-online | unknown */
  readonly exchange?: string;
  /** lync-2013 | sfb-server | sfb-online | unknown */
  readonly sfb?: string;
  /** sfb-windows | lync-2013-client | lync-2010-client | lync-mac-2011 | sfb-mac | owa | unknown */
  readonly client?: string;
}

export const PROFILE_FIELDS = ['exchange', 'sfb', 'client'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** The values each profile field accepts (besides `unknown`). */
export const PROFILE_VALUES: Readonly<Record<ProfileField, readonly string[]>> = {
  exchange: ['exchange-2010', 'exchange-2013', 'exchange-2016', 'exchange-online'],
  sfb: ['lync-2013', 'sfb-server', 'sfb-online'],
  client: ['sfb-windows', 'lync-2013-client', 'lync-2010-client', 'lync-mac-2011', 'sfb-mac', 'owa'],
};

/** User-state key of the profile. */
export const USER_PROFILE = 'userProfile';
