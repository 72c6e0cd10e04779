// 好差评 as the rating screen asks it: the five levels in the GB/T 39046 coding (1 非常满意 … 5 非常不满意; the
// provincial interface counts the other way, and the hub keeps both), which of them are bad reviews, and the
// tap-able reasons that make up a bad review's comment. Plain data and functions, so unit tests can run them.
import { translate, type MessageKey } from '../i18n.ts';

export const RATING_LEVELS = [1, 2, 3, 4, 5] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const LEVEL_WORDS: Record<RatingLevel, MessageKey> = {
  1: 'rate.1',
  2: 'rate.2',
  3: 'rate.3',
  4: 'rate.4',
  5: 'rate.5',
};

/** What a bad rating may say, by tap: typing is hard for many. */
export const RATING_REASONS: readonly MessageKey[] = [
  'rate.reason.wait',
  'rate.reason.hard',
  'rate.reason.unclear',
  'rate.reason.device',
  'rate.reason.other',
];

/** 不满意 and 非常不满意 are bad reviews: they are followed up, so the screen asks why first. */
export const isBadRating = (level: RatingLevel): boolean => level >= 4;

/**
 * The comment sent with a rating: the chosen reasons in the order shown, in Chinese whatever language the screen
 * speaks (staff read them), joined as a Chinese list is. Empty when none was chosen.
 */
export function ratingComment(chosen: readonly MessageKey[]): string {
  return RATING_REASONS.filter((key) => chosen.includes(key))
    .map((key) => translate('zh-CN', key))
    .join('、');
}
