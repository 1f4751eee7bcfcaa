/**
 * One account of the preview's sample, with what the admin must notice before approving: whether it
 * holds an admin role, and whether it is a guest. Older states hold plain names.
 */
export type SampleUser = string | { name: string; admin: boolean; guest: boolean };
