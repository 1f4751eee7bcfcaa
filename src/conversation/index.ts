/** Entry of src/conversation: the chat's command words. */
export * from './command-parser';
