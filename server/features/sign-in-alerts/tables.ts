/** Tables owned by the sign-in-alerts feature (merged into the core's DB type). */
export interface SignInLocksTable {
  id: string;
  account_id: string;
  user_id: string;
  failures: number;
  /** The address of the attempt that locked it. */
  ip: string | null;
  locked_at: number;
  /** When sign-ins worked again. */
  until: number;
  /** When the user was told (at their next successful sign-in); null until then. */
  told_at: number | null;
}

export interface SignInAlertTables {
  sign_in_locks: SignInLocksTable;
}

// Merged into the core's database type (declaration merging): the core names no feature.
declare module '../../core/db/types.ts' {
  interface DB extends SignInAlertTables {}
}
