export async function compileCommand(_options: { workflow: string }): Promise<number> {
  throw new Error('loom compile is not implemented yet');
}
