import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { TaxonomyKeywords, TaxonomyTree } from './taxonomy.ts';

/*
 * Second and third level categories by evidence, not by a trained model (there are no level-2/3
 * labels to learn from). Inside the first-level category the model chose, every second- and
 * third-level node has keywords: the words of its own name (jieba's search segmentation, e.g.
 * 园林绿化环卫 → 园林, 绿化, 园林绿化, 环卫, generic words such as 管理/问题/其他 dropped) plus
 * the configured extra keywords (config/taxonomy-keywords.json). A keyword weighs
 * ln(1 + nodes / nodes having it) / ln(1 + nodes) within that first-level subtree (1 for a word
 * of one node only), so a word shared by many nodes says little. The words of the text (title counted twice, then the first
 * MAX_CONTENT_CHARS of the content: bounded time) are matched as whole jieba words.
 * Of matched keywords inside one another only the longest counts (房地产, not also 房地, 地产).
 * A second-level node scores its own keywords and its best child's, each once; the best node is given
 * only when its score reaches MIN_SCORE (one specific keyword in the title, or two in the
 * content: a single word of the content is too weak) and is at least CLEAR_RATIO times the runner-up's, and
 * the third level only under a chosen second level, by the same rule. The confidence reported
 * is the share of the best score in best + runner-up + 0.25 (an evidence strength in [0, 1), not
 * a calibrated probability: there are no labels to calibrate it on).
 */

export const MAX_CONTENT_CHARS = 1_000;
export const MIN_SCORE = 1.2;
export const CLEAR_RATIO = 1.5;

const GENERIC = new Set([
  '其他', '其它', '问题', '管理', '办理', '监管', '服务', '政策', '建设', '工作', '相关', '行业', '市场', '标准',
  '处理', '事业', '机构', '人员', '待遇', '体制', '改革', '发展', '方案', '设计', '手续', '纠纷', '执法', '安全',
]);
const OTHER = '其他';

interface Node {
  name: string;
  keywords: string[];
  children: Node[];
}

interface Subtree {
  nodes: Node[];
  weight: Map<string, number>;
}

export interface Subcategory {
  category2: string | null;
  category3: string | null;
  /** Evidence strength of the deepest level given; null when no level was given. */
  confidence: number | null;
  /** The keywords found in the text for the levels given (why they were given). */
  evidence: string[];
}

let jieba: Jieba | undefined;
function words(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cutForSearch(text, true);
}

function nameKeywords(name: string): string[] {
  return [...new Set(words(name).filter((word) => word.length >= 2 && !GENERIC.has(word)))];
}

export class SubcategoryMatcher {
  private readonly subtrees = new Map<string, Subtree>();

  constructor(tree: TaxonomyTree, extra: TaxonomyKeywords = {}) {
    for (const [level1, seconds] of Object.entries(tree)) {
      const all: Node[] = [];
      const nodes = Object.entries(seconds)
        .filter(([name]) => name !== OTHER)
        .map(([name, thirds]): Node => {
          const children = thirds
            .filter((third) => third !== OTHER)
            .map((third) => ({ name: third, keywords: [...new Set([...nameKeywords(third), ...(extra[`${level1}/${name}/${third}`] ?? [])])], children: [] }));
          const node = { name, keywords: [...new Set([...nameKeywords(name), ...(extra[`${level1}/${name}`] ?? [])])], children };
          all.push(node, ...children);
          return node;
        });
      const df = new Map<string, number>();
      for (const node of all) for (const keyword of node.keywords) df.set(keyword, (df.get(keyword) ?? 0) + 1);
      const unique = Math.log(1 + all.length);
      const weight = new Map([...df].map(([keyword, n]) => [keyword, Math.log(1 + all.length / n) / unique]));
      this.subtrees.set(level1, { nodes, weight });
    }
  }

  /** The words of a text with their factor (2 in the title, else 1). Reads a bounded prefix. */
  static textWords(text: string): Map<string, number> {
    const newline = text.indexOf('\n');
    const title = newline >= 0 ? text.slice(0, Math.min(newline, 200)) : '';
    const content = text.slice(newline + 1, newline + 1 + MAX_CONTENT_CHARS);
    const found = new Map<string, number>();
    for (const word of words(content)) if (word.length >= 2) found.set(word, 1);
    for (const word of words(title)) if (word.length >= 2) found.set(word, 2);
    return found;
  }

  /** Levels 2 and 3 of a text inside the given first-level category, where the evidence is clear. */
  match(text: string, level1: string): Subcategory {
    const none: Subcategory = { category2: null, category3: null, confidence: null, evidence: [] };
    const subtree = this.subtrees.get(level1);
    if (!subtree) return none;
    const found = SubcategoryMatcher.textWords(text);
    const matched = (keywords: string[]) => maximal(keywords.filter((keyword) => found.has(keyword)));
    const score = (keywords: string[]) => keywords.reduce((sum, keyword) => sum + found.get(keyword)! * subtree.weight.get(keyword)!, 0);
    const seconds = subtree.nodes.map((node) => {
      const own = matched(node.keywords);
      const children = node.children.map((child) => ({ node: child, score: score(matched(child.keywords)), own: matched([...child.keywords, ...own]) }));
      // The parent's keywords and the best child's, each counted once.
      const best = children.reduce((top, child) => (score(child.own) > score(top) ? child.own : top), own);
      return { node, children, score: score(best), evidence: best };
    });
    const second = clearBest(seconds);
    if (!second) return none;
    const third = clearBest(second.children);
    const best = third ?? second;
    const evidence = third ? third.own : second.evidence;
    return { category2: second.node.name, category3: third?.node.name ?? null, confidence: best.confidence, evidence };
  }
}

/** The matched keywords that are not part of a longer matched one (房地产 found: 地产 does not count again). */
function maximal(keywords: string[]): string[] {
  const unique = [...new Set(keywords)];
  return unique.filter((keyword) => !unique.some((other) => other !== keyword && other.includes(keyword)));
}

function clearBest<T extends { node: Node; score: number }>(candidates: T[]): (T & { confidence: number }) | undefined {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const [first, second] = sorted;
  const runnerUp = second?.score ?? 0;
  if (!first || first.score < MIN_SCORE || first.score < CLEAR_RATIO * runnerUp) return undefined;
  return { ...first, confidence: Number((first.score / (first.score + runnerUp + 0.25)).toFixed(3)) };
}
