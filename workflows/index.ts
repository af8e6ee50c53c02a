export { scrapeWorkflow } from './scrape';
export { retentionWorkflow } from './retention';
