export async function runCommand(_argv: string[], _options: Record<string, unknown>): Promise<number> {
  throw new Error('loom run is not implemented yet');
}
