import { describe, expect, it } from 'vitest';
import { parseFolds, senderFolds } from './sender-folds.ts';

// The same fixture is in models/training/tests/test_rs.py, so the app's split and the trainer's agree.
const CSV = [
  'image,split,kind,sender,kids',
  'a1,train,shirt,7,False',
  'a2,train,shirt,7,False',
  'a3,val,shoes,7,False',
  'b1,train,dress,12,False',
  'b2,extra,dress,12,False',
  'c1,train,hat,3,False',
  'c2,train,hat,3,False',
  'd1,val,pants,40,True',
].join('\n');

describe('senderFolds', () => {
  it('keeps each sender in one fold, biggest first, each to the emptiest fold', () => {
    const folds = senderFolds(CSV, 2);
    expect(folds.size).toBe(8);
    // 7 (3 photos) opens fold 0; the first of 12 and 3 (2 each) goes to the empty fold 1, the second
    // too (2 < 3); 40 then goes to fold 0 (3 < 4).
    expect(['a1', 'a2', 'a3', 'd1'].map((i) => folds.get(i))).toEqual([0, 0, 0, 0]);
    expect(['b1', 'b2', 'c1', 'c2'].map((i) => folds.get(i))).toEqual([1, 1, 1, 1]);
  });

  it('refuses a file without image or sender columns', () => {
    expect(() => senderFolds('image,kind\nx,shirt', 2)).toThrow(/image and sender/);
  });
});

describe('parseFolds', () => {
  it('reads single folds, ranges and lists', () => {
    expect([...parseFolds('9')]).toEqual([9]);
    expect([...parseFolds('0-3,8')]).toEqual([0, 1, 2, 3, 8]);
  });

  it('refuses folds out of range or backwards', () => {
    expect(() => parseFolds('10')).toThrow(/folds 0-9/);
    expect(() => parseFolds('5-2')).toThrow(/folds 0-9/);
    expect(() => parseFolds('x')).toThrow(/folds 0-9/);
  });
});
