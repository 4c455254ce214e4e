/**
 * What a city's region extraction knows about its places. Everything is optional: with the
 * default (empty) gazetteer only the masked names of the anonymised data (A市, A3区, C4市,
 * A7县) and the generic 街道/镇/乡 and 社区/村 name patterns are recognised.
 */
export interface Gazetteer {
  /** Canonical district names (区, 县 or county-level 市), e.g. "岳麓区". */
  districts?: string[];
  /** Other names of a district → its canonical name, e.g. { 岳麓: "岳麓区" }. */
  aliases?: Record<string, string>;
  /** Street, town or township (街道/镇/乡) → the district it belongs to. */
  streets?: Record<string, string>;
  /** Whether to recognise masked names like A市 and A3区 (default true). */
  maskedNames?: boolean;
}

/** The gazetteer for the anonymised TipDM data: masked names only. */
export const MASKED_GAZETTEER: Gazetteer = { maskedNames: true };
