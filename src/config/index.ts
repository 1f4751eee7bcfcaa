/** Entry of src/config: the app's settings and the clouds it runs in. */
export * from './config';
export * from './clouds';
