/** Prisma's P2002 (or a raw SQLSTATE 23505 from a driver adapter). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string }; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  return e?.code === 'P2002' || e?.code === '23505' || e?.cause?.code === '23505' || e?.meta?.driverAdapterError?.cause?.originalCode === '23505';
}
