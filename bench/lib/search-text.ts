/**
 * Note text for the search benchmark: what a Chinese export team writes — Chinese, English, and
 * the two mixed in one note — from phrase pools with names, products, numbers and dates filled
 * in, from a seeded random sequence (the same text every run). Real notes use more distinct
 * words than any generator, so the index here has fewer distinct terms than a real one, and its
 * common terms (报价, quote) are commoner: posting lists are longer, queries for them slower.
 */
import { seededRandom } from './random';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥建国文辉力波宁飞鹏斌宇浩凯秀峰琳雪梅欣怡晨佳颖倩婷';
const TITLES = ['总', '经理', '主任', '工', '姐', '哥', '老师'];
const BRANDS = [
  '华信',
  '远东',
  '金桥',
  '宏达',
  '新世纪',
  '东方',
  '恒通',
  '永盛',
  '瑞丰',
  '嘉禾',
  '鑫源',
  '海川',
  '中联',
  '天成',
  '锦程',
  '博远',
  '星河',
  '鼎盛',
  '万通',
  '凯旋',
];
const TRADES = ['包装', '物流', '电子', '机械', '纺织', '化工', '贸易', '科技', '印刷', '塑业', '五金', '食品'];
const PRODUCTS_ZH = [
  '托盘',
  '纸箱',
  '木箱',
  '缠绕膜',
  '打包带',
  '气泡袋',
  '周转箱',
  '吨袋',
  '泡沫板',
  '封箱胶带',
  '标签纸',
  '打包机',
  '护角',
  '珍珠棉',
  '蜂窝纸板',
  '真空袋',
];
const PRODUCTS_EN = [
  'pallets',
  'cartons',
  'crates',
  'stretch film',
  'strapping',
  'bubble bags',
  'tote boxes',
  'bulk bags',
  'foam boards',
  'tape',
  'labels',
  'corner guards',
];
const COLOURS_ZH = ['蓝色', '灰色', '黑色', '白色', '原色', '绿色'];
const WEEKDAYS_ZH = ['一', '二', '三', '四', '五'];
const PAYMENT_ZH = ['月结30天', '月结60天', '款到发货', '预付三成', '信用证', '电汇'];
const FEEDBACK_ZH = [
  '质量不错，准备下单',
  '价格偏高，希望再降一点',
  '尺寸需要调整',
  '颜色和样板有色差',
  '很满意，要追加数量',
  '还在内部比较',
];
const PROBLEMS_ZH = ['货物破损', '交期延误', '数量短少', '包装受潮', '发票抬头错误', '标签贴错'];
const TOPICS_ZH = ['年度框架协议', '新品开发', '降价方案', '物流方案', '付款条件', '质量标准'];

const ZH = [
  '{person}来电，询问{product}的报价，数量{n}件，要求{date}前回复。',
  '已寄出{colour}{product}样品，客户反馈：{feedback}。',
  '{company}采购部{person}确认订单{n}件，付款方式{payment}。',
  '合同第{k}条需要修改，法务在审核，预计下周{weekday}给答复。',
  '微信沟通：{person}说下周{weekday}开会讨论{topic}。',
  '竞争对手报价低{k}%，我们坚持价格，强调交期和质量。',
  '客户投诉{problem}，已安排补发{n}件。',
  '展会上认识，对{colour}{product}很感兴趣，留了名片。',
  '报价已发给{person}，等对方确认后安排打样。',
  '{person}离职了，新的对接人是{person2}，电话已更新。',
  '交货期改到{date}，因为海关查验。',
  '预算已批，等采购下PO，金额约{n}元。',
  '年底前要续签合同，{person}希望单价降到{price}元。',
  '客户要求提供{product}的检测报告和材质证明。',
  '电话没人接，发了邮件，明天再跟进。',
];
const EN = [
  'Called {personEn} about the Q{q} {productEn} order.',
  'They want a quote for {n} units of {productEn} by Friday.',
  'Sent the revised price list; waiting for their purchasing team.',
  'Contract renewal is due next month, legal is reviewing clause {k}.',
  'Met at the trade fair, interested in the heavy-duty {productEn}.',
  'Delivery window moved to the {k}th because of customs.',
  'Asked for samples of {productEn} in blue and grey.',
  'Payment terms: 30 days net, they asked for {k} days.',
  'Complaint about a damaged shipment, replacement of {n} {productEn} sent.',
  'Competitor quoted {k}% lower; we hold our price with faster delivery.',
  'Follow up after the holidays with {personEn}.',
  'Budget approved, waiting for the PO of about {n} USD.',
];
const FIRST_EN = ['Joan', 'Raj', 'Mei', 'Lars', 'Amara', 'Diego', 'Yuki', 'Olga', 'Kofi', 'Nina', 'Li', 'Wei', 'Fatima', 'Jonas', 'Sara'];

export function textMaker(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[] | string): T => list[Math.floor(random() * list.length)] as T;
  const person = () =>
    pick<string>(SURNAMES) + (random() < 0.5 ? pick<string>(TITLES) : pick<string>(GIVEN) + (random() < 0.5 ? pick<string>(GIVEN) : ''));
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (_, slot: string) => {
      switch (slot) {
        case 'person':
        case 'person2':
          return person();
        case 'personEn':
          return pick(FIRST_EN);
        case 'product':
          return pick(PRODUCTS_ZH);
        case 'productEn':
          return pick(PRODUCTS_EN);
        case 'colour':
          return pick(COLOURS_ZH);
        case 'company':
          return pick(BRANDS) + pick(TRADES);
        case 'payment':
          return pick(PAYMENT_ZH);
        case 'feedback':
          return pick(FEEDBACK_ZH);
        case 'problem':
          return pick(PROBLEMS_ZH);
        case 'topic':
          return pick(TOPICS_ZH);
        case 'weekday':
          return pick(WEEKDAYS_ZH);
        case 'date':
          return `${1 + Math.floor(random() * 12)}月${1 + Math.floor(random() * 28)}日`;
        case 'n':
          return String(100 * (1 + Math.floor(random() * 200)));
        case 'price':
          return (1 + random() * 50).toFixed(2);
        case 'q':
          return String(1 + Math.floor(random() * 4));
        default:
          return String(2 + Math.floor(random() * 60));
      }
    });
  return {
    random,
    /** A customer's name: a Chinese company, or an English one. */
    customerName: () =>
      random() < 0.7
        ? `${pick(BRANDS)}${pick(TRADES)}${random() < 0.5 ? '有限公司' : ''}`
        : `${pick(FIRST_EN)} ${pick(['Trading', 'Packaging', 'Logistics', 'Industries'])}`,
    /** A note: one to four sentences, half Chinese, a quarter English, a quarter both. */
    note: () => {
      const mix = random();
      const count = 1 + Math.floor(random() * 4);
      const parts: string[] = [];
      for (let i = 0; i < count; i++) {
        const zh = mix < 0.5 || (mix >= 0.75 && random() < 0.5);
        parts.push(fill(zh ? pick(ZH) : pick(EN)));
      }
      return parts.join(mix < 0.5 ? '' : ' ');
    },
  };
}
