/** Does nothing: what one workflow costs on this server. Benchmarks measure their ceiling with it. */
export async function noopWorkflow(): Promise<void> {}
