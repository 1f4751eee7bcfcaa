/** Entry of src/backup: the backup export and the downloads that serve it. */
export * from './backup-export';
export * from './backup-downloads';
