/** Entry of src/i18n: the locales, and how dates and list lines are written in each. */
export * from './locale';
export * from './format-date';
export * from './list-item';
