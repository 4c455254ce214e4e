/** The few raw-SQL operations migrations and tests need, over PGlite or pg alike. */
export interface SqlRunner {
  /** Runs a multi-statement script. */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}
