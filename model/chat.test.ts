import { describe, expect, it } from 'vitest';
import { parseChat } from './chat';
import type { ChatEntry } from './note-doc';

const msg = (speaker: string, time: string | null, text: string, date: string | null = null): ChatEntry => ({
  t: 'msg',
  speaker,
  date,
  time,
  text,
});

describe('parseChat: header lines (WeChat, WeCom, DingTalk, QQ)', () => {
  it('reads a WeChat desktop copy with dates, blank lines between messages', () => {
    const paste = [
      '张三 2026/11/30 14:05',
      '王经理，报价单收到了吗？',
      '',
      '王芳 2026/11/30 14:06',
      '收到了，',
      '下周一给您回复',
      '',
      '张三 2026/11/30 14:07',
      '好的',
    ].join('\n');
    expect(parseChat(paste)).toEqual([
      msg('张三', '14:05', '王经理，报价单收到了吗？', '2026/11/30'),
      msg('王芳', '14:06', '收到了，\n下周一给您回复', '2026/11/30'),
      msg('张三', '14:07', '好的', '2026/11/30'),
    ]);
  });

  it('reads English names with a time only, messages back to back', () => {
    const paste = 'Zhang San 14:05\nDid you get the quote?\nLi Wei 14:06\nYes, thanks.\nWe will reply by Monday.\nZhang San 14:10\nGreat';
    expect(parseChat(paste)).toEqual([
      msg('Zhang San', '14:05', 'Did you get the quote?'),
      msg('Li Wei', '14:06', 'Yes, thanks.\nWe will reply by Monday.'),
      msg('Zhang San', '14:10', 'Great'),
    ]);
  });

  it('reads relative days, 上午/下午 and seconds', () => {
    expect(parseChat('李四 昨天 09:12\n在吗\n\n王五 下午 2:05\n在的\n\nAnna Yesterday 10:01:33\nhi')).toEqual([
      msg('李四', '09:12', '在吗', '昨天'),
      msg('王五', '下午 2:05', '在的'),
      msg('Anna', '10:01:33', 'hi', 'Yesterday'),
    ]);
  });

  it("reads QQ's message record (date and time first)", () => {
    expect(parseChat('2026-11-30 14:05:33 张三(123456)\n合同我发邮箱了\n\n2026-11-30 14:07:01 李四(654321)\n好')).toEqual([
      msg('张三(123456)', '14:05:33', '合同我发邮箱了', '2026-11-30'),
      msg('李四(654321)', '14:07:01', '好', '2026-11-30'),
    ]);
  });

  it('a header-like line right under a header is that message, not another header', () => {
    expect(parseChat('张三 14:05\n会议改到 15:00\n李四 14:06\n好')).toEqual([
      msg('张三', '14:05', '会议改到 15:00'),
      msg('李四', '14:06', '好'),
    ]);
  });

  it('when messages are set apart by blank lines, a time at the end of a message line stays text', () => {
    const paste = '张三 2026/11/30 14:05\n好的\n会议改到 15:00\n\n李四 2026/11/30 14:06\n收到';
    expect(parseChat(paste)).toEqual([
      msg('张三', '14:05', '好的\n会议改到 15:00', '2026/11/30'),
      msg('李四', '14:06', '收到', '2026/11/30'),
    ]);
  });

  it('a sentence ending in a time is not a header', () => {
    expect(parseChat('我们约在明天，下午 15:00\n好')).toBeNull();
    expect(parseChat('Meet at the office? 14:00\nok')).toBeNull();
  });

  it('an English line ending in a time inside a message stays text; capitalised names and lower-case nicknames are speakers', () => {
    expect(parseChat("Zhang San 14:05\nok, let's meet\nSee you at 14:30\nLi Wei 14:06\nsure\nzhangsan88 14:07\n👍")).toEqual([
      msg('Zhang San', '14:05', "ok, let's meet\nSee you at 14:30"),
      msg('Li Wei', '14:06', 'sure'),
      msg('zhangsan88', '14:07', '👍'),
    ]);
  });

  it('a header with nothing after it is text', () => {
    expect(parseChat('Zhang San 14:05')).toBeNull();
  });
});

describe('parseChat: one line per message', () => {
  it('reads "[10:21] Name: text"', () => {
    expect(parseChat('[10:21] Li Wei: can you send the contract?\n[10:22] 张三：马上发\n[10:25] Li Wei: thanks')).toEqual([
      msg('Li Wei', '10:21', 'can you send the contract?'),
      msg('张三', '10:22', '马上发'),
      msg('Li Wei', '10:25', 'thanks'),
    ]);
  });

  it('reads a date inside the brackets, and a message that goes on over lines', () => {
    expect(parseChat('[2026/11/30 10:21] 张三: 价格\n还能再谈\n[30/11/2026, 14:05:12] Anna: ok')).toEqual([
      msg('张三', '10:21', '价格\n还能再谈', '2026/11/30'),
      msg('Anna', '14:05:12', 'ok', '30/11/2026'),
    ]);
  });

  it("reads WhatsApp's export", () => {
    expect(parseChat('11/30/26, 14:05 - Zhang San: Hello\n11/30/26, 14:06 - Anna Lee: Hi!')).toEqual([
      msg('Zhang San', '14:05', 'Hello', '11/30/26'),
      msg('Anna Lee', '14:06', 'Hi!', '11/30/26'),
    ]);
  });
});

describe('parseChat: "Name: text" lines', () => {
  it('reads a conversation of named lines', () => {
    expect(parseChat('张三：价格能降吗？\n李四：最多九五折\n张三：好，我问问老板')).toEqual([
      msg('张三', null, '价格能降吗？'),
      msg('李四', null, '最多九五折'),
      msg('张三', null, '好，我问问老板'),
    ]);
  });

  it('key facts are not a conversation: nobody speaks twice', () => {
    expect(parseChat('决策人：张总\n预算：50万\n时间：年底前')).toBeNull();
    expect(parseChat('Budget: 50k\nDecision maker: Li')).toBeNull();
  });

  it('one line that is not "Name: text" makes it not a conversation of named lines', () => {
    expect(parseChat('张三：在吗\n李四：在\n张三：好\n随便写的一行')).toBeNull();
  });
});

describe('parseChat: what it does not recognise stays as written', () => {
  it('keeps text before the first message in its place', () => {
    expect(parseChat('Pasted from WeChat:\n\n张三 14:05\n你好\n\n李四 14:06\n你好')).toEqual([
      { t: 'text', text: 'Pasted from WeChat:' },
      msg('张三', '14:05', '你好'),
      msg('李四', '14:06', '你好'),
    ]);
  });

  it('returns null for text with no message in it', () => {
    expect(parseChat('Called Li Wei, she wants the quote by Friday.\nBudget 50k.')).toBeNull();
    expect(parseChat('')).toBeNull();
  });

  it('keeps the text of hostile messages as text (the renderer shows it as text)', () => {
    expect(parseChat('[10:21] Eve: <img src=x onerror=alert(1)>\n[10:22] Bob: [x](javascript:alert(1))')).toEqual([
      msg('Eve', '10:21', '<img src=x onerror=alert(1)>'),
      msg('Bob', '10:22', '[x](javascript:alert(1))'),
    ]);
  });

  it('handles Windows line ends and a long paste quickly', () => {
    expect(parseChat('张三 14:05\r\n你好\r\n李四 14:06\r\n好')).toEqual([msg('张三', '14:05', '你好'), msg('李四', '14:06', '好')]);
    const long = Array.from({ length: 1000 }, (_, i) => `Speaker${i % 3} 10:${String(i % 60).padStart(2, '0')}\nmessage ${i}`).join('\n');
    const start = performance.now();
    expect(parseChat(long.slice(0, 20_000))?.length).toBeGreaterThan(500);
    expect(performance.now() - start).toBeLessThan(500);
  });
});
