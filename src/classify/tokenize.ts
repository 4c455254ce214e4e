import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** Only this many leading characters are segmented, so classification time stays bounded. */
export const MAX_TOKENIZED_CHARS = 3_000;

/** Token that replaces every run of digits. */
export const NUM_TOKEN = '<num>';

const STOP_WORDS = new Set([
  '的', '了', '是', '在', '我', '我们', '你', '您', '你们', '他', '她', '它', '他们', '和', '与', '及', '以及',
  '对', '有', '也', '都', '就', '请', '尊敬', '领导', '您好', '你好', '谢谢', '这', '那', '这个', '那个',
  '着', '吗', '呢', '吧', '啊', '把', '被', '从', '给', '等', '而', '又', '还', '但', '但是', '并', '或',
  '之', '其', '于', '为', '以', '个', '中', '上', '下', '不', '没有', '已', '已经', '一个', '什么', '如何',
]);

// Tokens made only of whitespace, punctuation or symbols carry no signal.
const NOISE = /^[\s\p{P}\p{S}]*$/u;
// A number, possibly with a decimal point or thousands separators: 12, 3.5, 1,200.
const NUMBER = /^\p{Nd}+([.,]\p{Nd}+)*$/u;

let jieba: Jieba | undefined;

/** Jieba word segmentation with stop words and punctuation dropped and digit runs masked as `<num>`. */
export function tokenize(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  const tokens: string[] = [];
  for (const raw of jieba.cut(text.slice(0, MAX_TOKENIZED_CHARS), true)) {
    const token = raw.trim().toLowerCase();
    if (NOISE.test(token) || STOP_WORDS.has(token)) continue;
    tokens.push(NUMBER.test(token) ? NUM_TOKEN : token);
  }
  return tokens;
}
