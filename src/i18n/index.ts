/** Entry of src/i18n: the locales, how a text is looked up in a catalog, and how dates are written in each locale. */
export * from './locale';
export * from './catalog';
export * from './translate';
export * from './format-date';
