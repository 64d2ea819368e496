export async function checkCommand(_argv: string[]): Promise<number> {
  throw new Error('loom check is not implemented yet');
}
