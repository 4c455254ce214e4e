export async function runGrowthBench(): Promise<Record<string, unknown>> {
  return {};
}
