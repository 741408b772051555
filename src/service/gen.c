/* gen.c - synthetic city generator (layer: service)
 *
 * Design notes (the why):
 * - Subjects are pure functions of (seed, index): organisation k and person j are rebuilt on
 *   demand, so memory does not grow with the pool or with the rows (the ingest benchmark asks
 *   for 10,000,000 rows). Every code that must be unique (组织机构代码, 工商注册号, ID number,
 *   name) comes from an affine permutation of the index, which is a bijection, so uniqueness
 *   holds without a set.
 * - Randomness comes from splitmix64 (ours, never rand()); each file has its own stream seeded
 *   from (seed, department, item), so files do not depend on each other's row counts.
 * - Rows are formatted into one large buffer by hand (no snprintf per value) and written with
 *   fwrite; GB18030 files are converted buffer by buffer with glibc's iconv.
 * - A row is good, bad (exactly one defect the platform must reject) or warn (only a warning);
 *   the manifest counts them so ingest tests can compare.
 */
#include "service/gen.h"

#include <errno.h>
#include <stddef.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "base/buf.h"
#include "base/time.h"
#include "domain/codes.h"
#include "service/stats.h"

#define MAX_FIELDS 64
#define ROW_BYTES  32768        /* one row's values; our own text, far below */
#define OUT_BYTES  (4u << 20)   /* output buffer */
#define OUT_SLACK  (256u << 10) /* flush when less than this is left (two rows fit) */
#define NYEARS     24           /* per-year sequence counters for document numbers */
#define PATH_BYTES 4096

/* ---------------------------------------------------------------- PRNG */

static uint64_t mix64(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

struct rng {
    uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
    r->s += 0x9E3779B97F4A7C15ULL;
    return mix64(r->s - 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL);
}

/* Uniform in [0, n) for n < 2^32 (Lemire's multiply; the bias is below 2^-32). */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static int rng_pct(struct rng *r, unsigned pct)
{
    return rng_below(r, 100) < pct;
}

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

/* ---------------------------------------------------------------- city tables */

static const struct district {
    const char code[7];
    const char *name;
} districts[] = {
    {"440103", "荔湾区"}, {"440104", "越秀区"}, {"440105", "海珠区"}, {"440106", "天河区"},
    {"440111", "白云区"}, {"440112", "黄埔区"}, {"440113", "番禺区"}, {"440114", "花都区"},
    {"440115", "南沙区"}, {"440117", "从化区"}, {"440118", "增城区"},
};
#define NDISTRICTS 11

/* 字号 characters. The first list holds none of 市, 区 or a district's first character, so
 * "广州" / "广州市" / "广州市X区" followed by a two-character 字号 always parses one way: names
 * built from distinct (prefix, 字号, rest) are distinct strings. Each list has no repeats.
 * The lists are long (about 590 characters each: 5.5 million (字号, rest) pairs) so that a city
 * of 3,000,000 organisations gets distinct names without branch numbers, and a two-character
 * 字号 names only a handful of them, as in a real register; search benchmarks depend on it. */
static const char zihao_a[] =
    "华兴达盛隆泰丰信诚和瑞祥宏伟恒昌源金鑫鼎富嘉美佳新创汇通安康宝利永顺德福中正博远星光明辉耀腾飞"
    "凯旭东广粤穗羊城珠江云山力联合立志成骏豪雅致锦绣荣发万千百乐怡欣悦铭睿智卓尚品优精工益民众惠泽"
    "润泓洋宇乾坤晟昊煜炜灿为基业邦航宸峰林森禾苗方圆图龙凤麟鹏翔瑜琪琳珑璟钰锋鸿运景晖阳春秋雨露霖"
    "霆霄地涛湾港湖桥亿兆元久长青松柏竹梅兰菊桂荷莲叶茂木水火土石玉翠晶钻银铜铁钢淼焱垚磊犇骉鹰雁鹤"
    "燕雀凰麒狮虎豹驰骋奔超群英杰贤俊秀才艺文武仁义礼忠孝廉勤俭朴实真善健寿喜庆吉如意禄程亨旺繁象更"
    "蓝绿红紫橙彩虹霞晨曦朝日月辰宙寰球环洲岛屿峡谷川河溪泉潭渊浩瀚沧溟潮汐浪波澜涌澄清澈洁净纯粹萃"
    "菁蕊芳馨香茗茶酒厚素韵声音歌舞诗书画琴棋墨砚笔纸典章维网络链接迅捷速递快便盟谊友朋伴侣偶作协同"
    "共赢科技数码能端芯片电气机械器具仪表装备设施建筑造营缮修饰家居材料塑胶橡纺织服鞋帽箱包皮革首钟"
    "眼镜玩体育户外旅游店宾馆餐厅饮食烘焙糕点糖果蔬粮油米面调味鲜肉奶冷仓储物流输车船舶空口头驿站梁"
    "隧道轨交咨询策划告传媒影视动漫戏出版刷计潢园化保节伏风热供治理检测认证量标准质全消防管介代经纪"
    "拍卖当租赁融资担投托券期货险行财务会税审师法仲裁解人培训教幼儿少年启领先前沿未来时世禧贞震颐豫"
    "随临观复无大畜过咸壮晋升井渐归妹涣孚小既济沁逸悠然静谧宁淡泊载自强不息纳容乃上若积薄佰仟拾加韩"
    "老丹爱跃马雄猛兔鸳鸯孔鹅鹭顶延报平开五齐傲霜雪";
static const char zihao_b[] =
    "华兴达盛隆泰丰信诚和瑞祥宏伟恒昌源金鑫鼎富嘉美佳新创汇通安康宝利永顺德福中正博远星光明辉耀腾飞"
    "凯旭东广粤穗羊城珠江云山力联合立志成骏豪雅致锦绣荣发万千百乐怡欣悦铭睿智卓尚品优精工益民众惠泽"
    "润泓洋宇乾坤晟昊煜炜灿海天为基业邦航宸峰林森禾苗方圆图龙凤麟鹏翔瑜琪琳珑璟钰锋鸿运景晖阳春秋雨"
    "露霖霆霄地涛湾港湖桥亿兆元久长青松柏竹梅兰菊桂荷莲叶茂木水火土石玉翠晶钻银铜铁钢淼焱垚磊犇骉鹰"
    "雁鹤燕雀凰麒狮虎豹驰骋奔越超群英杰贤俊秀才艺文武仁义礼忠孝廉勤俭朴实真善健寿喜庆吉如意禄程亨旺"
    "繁象更蓝绿红紫橙黄白彩虹霞晨曦朝日月辰宙寰球环洲岛屿峡谷川河溪泉潭渊浩瀚沧溟潮汐浪波澜涌澄清澈"
    "洁净纯粹萃菁蕊芳馨香茗茶酒厚素韵声音歌舞诗书画琴棋墨砚笔纸典章维网络链接迅捷速递快便盟谊友朋伴"
    "侣偶作协同共赢科技数码能端芯片电气机械器具仪表装备设施建筑造营缮修饰家居材料塑胶橡纺织服鞋帽箱"
    "包皮革首钟眼镜玩体育户外旅游店宾馆餐厅饮食烘焙糕点糖果蔬粮油米面调味鲜肉奶冷仓储物流输车船舶空"
    "口头驿站梁隧道轨交咨询策划告传媒影视动漫戏出版刷计潢园化保节伏风热供治理检测认证量标准质全消防"
    "管介代经纪拍卖当租赁融资担投托券期货险行财务会税审师法仲裁解人培训教幼儿少年启领先前沿未来时世"
    "禧贞震颐豫随临观复无大畜过咸壮晋升井渐归妹涣孚小既济沁逸悠然静谧宁淡泊载自强不息纳容乃上若积薄"
    "佰仟拾加韩老丹爱跃马雄猛兔鸳鸯孔鹅鹭顶延报平开五齐傲霜雪";
#define ZA    (sizeof(zihao_a) / 3)
#define ZB    (sizeof(zihao_b) / 3)
#define ZN    (ZA * ZB)
#define NREST 16

enum okind {
    OK_ENT,
    OK_IND,
    OK_IND_PH,
    OK_COOP,
    OK_INST,
    OK_SOC51,
    OK_SOC52,
    OK_SOC53,
    OK_GOV,
    OK_COUNT
};

static const char *const kind_prefix2[OK_COUNT] = {"91", "92", "92", "93", "12",
                                                   "51", "52", "53", "11"};

/* The part of a name after the 字号: NREST per kind, all distinct across kinds. */
static const char *const rests[OK_COUNT][NREST] = {
    [OK_ENT] = {"科技有限公司", "贸易有限公司", "餐饮管理有限公司", "电子商务有限公司",
                "建筑工程有限公司", "物流有限公司", "房地产开发有限公司", "食品有限公司",
                "服装有限公司", "医药有限公司", "汽车服务有限公司", "装饰工程有限公司",
                "信息技术有限公司", "文化传播有限公司", "网络科技股份有限公司", "实业有限责任公司"},
    [OK_IND] = {"餐饮店", "便利店", "五金店", "美发店", "士多店", "服装店", "汽车维修部", "水果店",
                "烟酒商行", "粮油店", "小食店", "手机维修店", "茶行", "日用品店", "洗衣店",
                "快餐店"},
    [OK_IND_PH] = {"烧腊店", "杂货店", "凉茶铺", "米粉店", "肠粉店", "理发店", "文具店", "鞋店",
                   "眼镜店", "花店", "面包店", "糖水铺", "药材行", "海鲜档", "猪肉档", "蔬菜档"},
    [OK_COOP] = {"蔬菜种植专业合作社", "水果种植专业合作社", "花卉种植专业合作社",
                 "水产养殖专业合作社", "家禽养殖专业合作社", "茶叶专业合作社", "荔枝种植专业合作社",
                 "苗木种植专业合作社", "生猪养殖专业合作社", "农机服务专业合作社",
                 "蔬菜农民专业合作社", "水果农民专业合作社", "花卉农民专业合作社",
                 "淡水鱼养殖专业合作社", "食用菌种植专业合作社", "中药材种植专业合作社"},
    [OK_INST] = {"中学", "小学", "实验幼儿园", "医院", "社区卫生服务中心", "研究所", "检测中心",
                 "图书馆", "文化馆", "体育中心", "职业技术学校", "档案馆", "规划研究院",
                 "质量检测院", "公共资源交易中心", "技术推广站"},
    [OK_SOC51] = {"餐饮行业协会", "物流协会", "电子商务协会", "建筑业协会", "软件行业协会",
                  "美容美发协会", "商会", "家具行业协会", "汽车维修行业协会", "食品行业协会",
                  "服装行业协会", "茶文化促进会", "书法家协会", "摄影协会", "老年人协会",
                  "青年企业家协会"},
    [OK_SOC52] = {"社会工作服务中心", "培训中心", "养老院", "康复中心", "艺术培训学校",
                  "青少年活动中心", "心理咨询服务中心", "志愿服务中心", "调解中心", "体育俱乐部",
                  "科普服务中心", "残疾人服务中心", "家庭综合服务中心", "职业技能培训学校",
                  "社区服务中心", "长者服务中心"},
    [OK_SOC53] = {"慈善基金会", "教育基金会", "公益基金会", "助学基金会", "扶贫基金会",
                  "医疗救助基金会", "文化发展基金会", "环境保护基金会", "青少年发展基金会",
                  "体育发展基金会", "科技创新基金会", "敬老基金会", "见义勇为基金会",
                  "乡村振兴基金会", "助残基金会", "社区发展基金会"},
    [OK_GOV] = {"街道办事处", "镇人民政府", "市场监督管理所", "城市管理执法队", "水务所",
                "农业服务中心", "司法所", "财政所", "税务所", "规划管理所", "林业站", "国土资源所",
                "交通管理站", "环境卫生站", "社区工作站", "综合执法队"},
};

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈",   "杨",   "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗",   "郑",   "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董",   "袁",   "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈",   "姚",   "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦",   "方",   "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛",
    "侯", "龙", "陶", "黎", "欧阳", "司徒", "麦", "区", "冼", "伍", "关", "温", "莫", "谭", "陈",
    "李", "黄", "梁", "张", "王",   "刘",   "何", "林", "陈", "黄",
};
#define NSURNAMES (sizeof(surnames) / sizeof(surnames[0]))

static const char given_chars[] =
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚英华玲兰红建文辉晓婷雪梅嘉俊浩宇欣怡志伟丹凤秀"
    "海燕国庆家豪颖思琪锦荣子轩梓涵佳慧永健淑仪少芬惠珍炳坤耀宗德";
#define NGIVEN (sizeof(given_chars) / 3)

/* ---------------------------------------------------------------- departments */

enum dkind { DK_MARKET, DK_TAX, DK_COURT, DK_ECO, DK_HOUSING, DK_TRANSPORT, DK_DRC, DK_URBAN };

static const struct dept_def {
    const char *name;
    const char *division; /* 6 digits */
    const char *org8;     /* organisation code body; "MB" never occurs in the subject pool */
    const char *abbr;     /* document number prefix */
    const char *items;    /* ';'-separated */
    enum dkind kind;
    const char *court; /* court code in 案号 */
} depts[] = {
    {"广州市市场监督管理局", "440100", "MB2C9201", "穗市监", "xzcf;xzxk;jyyc;yzsx;yzwfsx",
     DK_MARKET, NULL},
    {"国家税务总局广州市税务局", "440100", "MB2C9202", "穗税", "nsxy;hmd;zdsswf", DK_TAX, NULL},
    {"广州市中级人民法院", "440100", "MB2C9203", "穗中法", "sxbzxr", DK_COURT, "粤01"},
    {"广州市天河区人民法院", "440106", "MB2C9204", "穗天法", "sxbzxr", DK_COURT, "粤0106"},
    {"广州市生态环境局", "440100", "MB2C9205", "穗环", "xzcf;xzxk", DK_ECO, NULL},
    {"广州市住房和城乡建设局", "440100", "MB2C9206", "穗建", "xzcf;xzxk", DK_HOUSING, NULL},
    {"广州市交通运输局", "440100", "MB2C9207", "穗交", "xzcf;xzxk", DK_TRANSPORT, NULL},
    {"广州市发展和改革委员会", "440100", "MB2C9208", "穗发改", "xzcf;xzxk", DK_DRC, NULL},
    {"广州市城市管理和综合执法局", "440100", "MB2C9209", "穗城管", "xzcf;xzxk", DK_URBAN, NULL},
};
#define NDEPTS (sizeof(depts) / sizeof(depts[0]))

/* Penalty templates per department kind. */
struct pen_tpl {
    enum dkind dk;
    const char *wfxw, *yj, *fact, *cflb;
    unsigned fine_lo, fine_hi; /* 元, multiples of 100 */
};

static const struct pen_tpl pen_tpls[] = {
    {DK_MARKET, "经营不符合食品安全标准的食品", "《中华人民共和国食品安全法》第一百二十四条第一款",
     "在经营场所销售的食品经抽样检验，菌落总数项目不符合食品安全国家标准", "没收违法所得;罚款",
     5000, 100000},
    {DK_MARKET, "发布虚假广告", "《中华人民共和国广告法》第五十五条第一款",
     "在其网店页面发布的广告中使用未经证实的功效宣传用语", "罚款", 20000, 300000},
    {DK_MARKET, "未按规定明码标价", "《中华人民共和国价格法》第四十二条",
     "在经营场所销售的商品未按规定标明价格", "警告", 0, 0},
    {DK_MARKET, "销售无中文标签的进口预包装食品",
     "《中华人民共和国食品安全法》第一百二十五条第一款", "在经营场所销售无中文标签的进口预包装食品",
     "警告;罚款", 5000, 50000},
    {DK_MARKET, "无照经营", "《无证无照经营查处办法》第十三条", "未取得营业执照擅自从事经营活动",
     "罚款", 1000, 10000},
    {DK_ECO, "超标排放大气污染物", "《中华人民共和国大气污染防治法》第九十九条第二项",
     "废气排放口颗粒物排放浓度超过国家规定的排放标准", "罚款", 100000, 1000000},
    {DK_ECO, "未依法报批建设项目环境影响报告表擅自开工建设",
     "《中华人民共和国环境影响评价法》第三十一条第一款",
     "建设项目环境影响报告表未经批准即擅自开工建设", "罚款", 50000, 500000},
    {DK_ECO, "未按规定设置危险废物识别标志",
     "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第一项",
     "危险废物贮存场所未按规定设置识别标志", "责令停产停业;罚款", 100000, 1000000},
    {DK_HOUSING, "未取得施工许可证擅自施工", "《建筑工程施工许可管理办法》第十二条",
     "未取得施工许可证擅自开工建设", "罚款", 30000, 500000},
    {DK_HOUSING, "未按规定办理房屋租赁登记备案", "《商品房屋租赁管理办法》第二十三条",
     "出租房屋未按规定办理租赁登记备案", "罚款", 500, 10000},
    {DK_HOUSING, "建设单位未组织竣工验收擅自交付使用", "《建设工程质量管理条例》第五十八条",
     "建设工程未组织竣工验收即擅自交付使用", "罚款", 100000, 800000},
    {DK_TRANSPORT, "未取得道路运输经营许可擅自从事道路运输经营",
     "《中华人民共和国道路运输条例》第六十三条", "驾驶车辆未取得道路运输经营许可从事货物运输",
     "没收违法所得;罚款", 30000, 100000},
    {DK_TRANSPORT, "车辆违法超限运输", "《公路安全保护条例》第六十四条",
     "驾驶的货运车辆车货总质量超过限定标准在公路上行驶", "罚款", 500, 30000},
    {DK_TRANSPORT, "擅自改装营运车辆", "《中华人民共和国道路运输条例》第七十条",
     "擅自改装已取得车辆营运证的车辆", "暂扣许可证件;罚款", 5000, 50000},
    {DK_DRC, "未按规定报送能源利用状况报告", "《中华人民共和国节约能源法》第八十二条",
     "未按规定期限报送上一年度能源利用状况报告", "罚款", 10000, 50000},
    {DK_DRC, "招标投标活动中违反法定程序", "《中华人民共和国招标投标法》第五十一条",
     "在招标文件中以不合理的条件限制、排斥潜在投标人", "警告;罚款", 10000, 50000},
    {DK_URBAN, "未经批准擅自设置户外广告", "《广州市户外广告和招牌设置管理办法》第三十一条",
     "未经批准在建筑物外墙擅自设置户外广告", "罚款", 1000, 20000},
    {DK_URBAN, "随意倾倒建筑垃圾", "《城市建筑垃圾管理规定》第二十六条", "在道路旁随意倾倒建筑垃圾",
     "罚款", 5000, 50000},
    {DK_URBAN, "占道经营", "《广州市市容环境卫生管理规定》第四十二条", "在人行道上摆卖物品占道经营",
     "警告", 0, 0},
};
#define NPEN (sizeof(pen_tpls) / sizeof(pen_tpls[0]))

struct lic_tpl {
    enum dkind dk;
    const char *xkws, *xkzs, *bh_prefix, *nr, *xklb;
};

static const struct lic_tpl lic_tpls[] = {
    {DK_MARKET, "食品经营许可决定书", "食品经营许可证", "JY1440100",
     "预包装食品（含冷藏冷冻食品）销售", "普通"},
    {DK_MARKET, "准予设立登记通知书", "营业执照", "", "准予设立登记", "登记"},
    {DK_ECO, "排污许可决定书", "排污许可证", "4401002024", "准予核发排污许可证", "普通"},
    {DK_ECO, "建设项目环境影响报告表审批意见", "", "",
     "同意该项目按照报告表所列性质、规模、地点建设", "普通"},
    {DK_HOUSING, "建筑工程施工许可决定书", "建筑工程施工许可证", "440100",
     "准予核发建筑工程施工许可证", "普通"},
    {DK_HOUSING, "房地产开发企业资质核定决定", "房地产开发企业资质证书", "穗房开", "核定为二级资质",
     "认可"},
    {DK_TRANSPORT, "道路运输经营许可决定书", "道路运输经营许可证", "粤交运管许可穗字440100",
     "道路普通货物运输", "普通"},
    {DK_TRANSPORT, "出租汽车驾驶员从业资格注册", "从业资格证", "4401", "巡游出租汽车驾驶员从业资格",
     "认可"},
    {DK_DRC, "企业投资项目核准决定", "", "", "同意核准该企业投资项目", "核准"},
    {DK_DRC, "固定资产投资项目节能审查意见", "", "", "原则同意该项目节能报告", "其他"},
    {DK_URBAN, "户外广告设置许可决定书", "户外广告设置许可证", "穗城管广", "准予设置户外招牌",
     "普通"},
    {DK_URBAN, "城市建筑垃圾处置核准决定书", "建筑垃圾处置证", "穗建废", "核准处置建筑垃圾",
     "核准"},
};
#define NLIC (sizeof(lic_tpls) / sizeof(lic_tpls[0]))

/* ---------------------------------------------------------------- generator state */

struct gen {
    const struct xy_gen_opts *o;
    uint64_t seed;
    int today, today_year;
    int birth_lo, birth_n;           /* 1950-01-01 .. 2005-12-31 */
    uint64_t person_space;           /* districts * birth days * 999 sequences */
    uint64_t b10, b31, breg, bz, bp; /* permutation offsets, from the seed */
    char dept_uscc[NDEPTS][19];
    int ymd_lo, ymd_n; /* civil dates of [ymd_lo, ymd_lo + ymd_n) as "YYYYMMDD" */
    char (*ymd)[8];
    struct xy_stats_timer timer; /* o->cal's working days (n 0: no calendar) */
    uint64_t recent_t;           /* threshold of a recent decision (o->recent_share) */
};

/* Civil date digits "YYYYMMDD" of days, from the table when it covers them. */
static const char *ymd_of(const struct gen *g, int days, char tmp[8])
{
    int y, m, d;
    if (days >= g->ymd_lo && days - g->ymd_lo < g->ymd_n)
        return g->ymd[days - g->ymd_lo];
    xy_civil_from_days(days, &y, &m, &d);
    for (int i = 3; i >= 0; i--, y /= 10)
        tmp[i] = (char)('0' + y % 10);
    tmp[4] = (char)('0' + m / 10), tmp[5] = (char)('0' + m % 10);
    tmp[6] = (char)('0' + d / 10), tmp[7] = (char)('0' + d % 10);
    return tmp;
}

struct org {
    enum okind kind;
    int district;
    char uscc[19];    /* "" for 个体工商户 without one (placeholder in rows) */
    char orgcode[11]; /* as written in rows ("12345678-9" or "123456789"), "" if not carried */
    char regno[16];   /* 工商注册号, "" if not carried */
    char taxno[16];   /* 税务登记号, "" if not carried */
    char cert[48];    /* 事业单位证书号 / 社会组织登记证号, "" if not carried */
    char name[200];
    long rep;     /* legal representative (person index) */
    int rep_id;   /* rows carry FR_ZJLX / FR_ZJHM */
    int rep_name; /* 个体工商户: rows carry the operator's name in FRDB */
};

struct person {
    char id[19];
    char name[16];
    int birth; /* days */
};

static void put_digits(char *p, uint64_t v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

static const char uscc_set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* GB 12406 工商注册号 check digit: ISO 7064 MOD 11,10 over the first 14 digits. */
static char regno_check(const char *d14)
{
    int p = 10;
    for (int i = 0; i < 14; i++) {
        int s = (p + (d14[i] - '0')) % 10;
        if (s == 0)
            s = 10;
        p = (s * 2) % 11;
    }
    return (char)('0' + (11 - p) % 10);
}

static void make_orgcode(const struct gen *g, uint64_t k, int letters, char body[9])
{
    if (letters) {
        /* new-style body "MA" + 6 symbols: k -> (k * a + b) mod 31^6, a coprime to 31 */
        const uint64_t n = 887503681ULL; /* 31^6 */
        uint64_t v = ((k % n) * 104729ULL + g->b31) % n;
        body[0] = 'M';
        body[1] = 'A';
        for (int i = 7; i >= 2; i--) {
            body[i] = uscc_set[v % 31];
            v /= 31;
        }
    } else {
        const uint64_t n = 100000000ULL;
        uint64_t v = ((k % n) * 91733129ULL + g->b10) % n; /* odd, not a multiple of 5 */
        put_digits(body, v, 8);
    }
    body[8] = '\0';
}

static size_t cat_str(char *dst, size_t at, const char *s)
{
    size_t n = strlen(s);
    memcpy(dst + at, s, n);
    return at + n;
}

static void org_make(const struct gen *g, uint64_t k, struct org *org)
{
    uint64_t h = mix64(g->seed ^ mix64(k * 2 + 1));
    uint64_t h2 = mix64(h);
    unsigned bucket = (unsigned)(h % 1000);
    char body[9], c9;
    size_t at;
    uint64_t c, o;
    unsigned zi, r;

    if (bucket < 600)
        org->kind = OK_ENT;
    else if (bucket < 760)
        org->kind = OK_IND;
    else if (bucket < 800)
        org->kind = OK_IND_PH;
    else if (bucket < 840)
        org->kind = OK_COOP;
    else if (bucket < 900)
        org->kind = OK_INST;
    else if (bucket < 930)
        org->kind = OK_SOC51;
    else if (bucket < 955)
        org->kind = OK_SOC52;
    else if (bucket < 960)
        org->kind = OK_SOC53;
    else
        org->kind = OK_GOV;
    org->district = (int)((h >> 10) % NDISTRICTS);
    make_orgcode(g, k,
                 (org->kind == OK_ENT || org->kind == OK_IND || org->kind == OK_COOP) &&
                     ((h >> 20) & 3) != 0,
                 body);
    c9 = xy_orgcode_check_char(body);

    org->uscc[0] = '\0';
    if (org->kind != OK_IND_PH) {
        memcpy(org->uscc, kind_prefix2[org->kind], 2);
        memcpy(org->uscc + 2, districts[org->district].code, 6);
        memcpy(org->uscc + 8, body, 8);
        org->uscc[16] = c9;
        org->uscc[17] = xy_uscc_check_char(org->uscc);
        org->uscc[18] = '\0';
    }
    /* legacy identifiers, carried by some subjects in every row about them */
    org->orgcode[0] = org->regno[0] = org->taxno[0] = org->cert[0] = '\0';
    if (org->kind != OK_IND && org->kind != OK_IND_PH && ((h >> 23) % 10) < 4) {
        memcpy(org->orgcode, body, 8);
        if ((h >> 27) & 1) {
            org->orgcode[8] = '-';
            org->orgcode[9] = c9;
            org->orgcode[10] = '\0';
        } else {
            org->orgcode[8] = c9;
            org->orgcode[9] = '\0';
        }
    }
    if (org->kind == OK_IND_PH ||
        ((org->kind == OK_ENT || org->kind == OK_IND || org->kind == OK_COOP) &&
         ((h >> 28) % 10) < 4)) {
        uint64_t v = ((k % 100000000ULL) * 48271ULL + g->breg) % 100000000ULL;
        memcpy(org->regno, districts[org->district].code, 6);
        put_digits(org->regno + 6, v, 8);
        org->regno[14] = regno_check(org->regno);
        org->regno[15] = '\0';
    }
    if (org->kind == OK_ENT && ((h >> 32) % 10) < 2) {
        memcpy(org->taxno, districts[org->district].code, 6);
        memcpy(org->taxno + 6, body, 8);
        org->taxno[14] = c9;
        org->taxno[15] = '\0';
    }
    if (org->kind == OK_INST && ((h >> 36) % 10) < 6) {
        at = cat_str(org->cert, 0, "事证第1");
        at = cat_str(org->cert, at, districts[org->district].code);
        memcpy(org->cert + at, body, 8);
        at = cat_str(org->cert, at + 8, "号");
        org->cert[at] = '\0';
    } else if ((org->kind == OK_SOC51 || org->kind == OK_SOC52 || org->kind == OK_SOC53) &&
               ((h >> 36) % 10) < 6) {
        at = cat_str(org->cert, 0, "穗民证字第");
        memcpy(org->cert + at, body, 8);
        at = cat_str(org->cert, at + 8, "号");
        org->cert[at] = '\0';
    }

    /* name: (字号, rest) is a bijection of k below ZN * NREST, an overflow number above */
    c = ((k % (ZN * NREST)) * 7919ULL + g->bz) % (ZN * NREST);
    o = k / (ZN * NREST);
    zi = (unsigned)(c % ZN);
    r = (unsigned)(c / ZN);
    at = 0;
    switch (org->kind) {
    case OK_ENT: {
        unsigned p = (unsigned)((h >> 40) % 20);
        at = cat_str(org->name, at, p < 10 ? "广州" : "广州市");
        if (p >= 17)
            at = cat_str(org->name, at, districts[org->district].name);
        break;
    }
    case OK_INST:
    case OK_SOC51:
    case OK_SOC53:
        at = cat_str(org->name, at, "广州市");
        break;
    default:
        at = cat_str(org->name, at, "广州市");
        at = cat_str(org->name, at, districts[org->district].name);
        break;
    }
    memcpy(org->name + at, zihao_a + 3 * (zi % ZA), 3);
    memcpy(org->name + at + 3, zihao_b + 3 * (zi / ZA), 3);
    at = cat_str(org->name, at + 6, rests[org->kind][r]);
    if (o) {
        char num[24];
        int n = 0;
        uint64_t v = o + 1;
        char tmp[24];
        while (v) {
            tmp[n++] = (char)('0' + v % 10);
            v /= 10;
        }
        for (int i = 0; i < n; i++)
            num[i] = tmp[n - 1 - i];
        num[n] = '\0';
        at = cat_str(org->name, at, org->kind == OK_ENT ? "第" : "（第");
        at = cat_str(org->name, at, num);
        at = cat_str(org->name, at, org->kind == OK_ENT ? "分公司" : "分部）");
    }
    org->name[at] = '\0';
    org->rep = (long)(h2 % (uint64_t)g->o->persons);
    org->rep_id = ((h2 >> 40) % 10) < 4;
    org->rep_name = ((h2 >> 44) % 10) < 5;
}

static void person_make(const struct gen *g, uint64_t j, struct person *p)
{
    uint64_t v = ((j % g->person_space) * 1000003ULL + g->bp) % g->person_space;
    uint64_t h = mix64(g->seed ^ mix64(j * 2 + 2));
    unsigned seq = (unsigned)(v % 999) + 1;
    int day, district;
    char tmp[8];
    size_t at;

    v /= 999;
    day = (int)(v % (uint64_t)g->birth_n);
    district = (int)(v / (uint64_t)g->birth_n);
    p->birth = g->birth_lo + day;
    memcpy(p->id, districts[district].code, 6);
    memcpy(p->id + 6, ymd_of(g, p->birth, tmp), 8);
    put_digits(p->id + 14, seq, 3);
    p->id[17] = xy_idcard_check_char(p->id);
    p->id[18] = '\0';

    at = cat_str(p->name, 0, surnames[h % NSURNAMES]);
    memcpy(p->name + at, given_chars + 3 * ((h >> 16) % NGIVEN), 3);
    at += 3;
    if ((h >> 32) % 10 < 7) {
        memcpy(p->name + at, given_chars + 3 * ((h >> 40) % NGIVEN), 3);
        at += 3;
    }
    p->name[at] = '\0';
}

/* ---------------------------------------------------------------- output buffer */

struct out {
    FILE *f;
    char *buf;
    size_t len;
    iconv_t cd; /* (iconv_t)-1 unless the file is GB18030 */
    char *conv;
    int failed;
};

static void out_flush(struct out *w)
{
    if (!w->len || w->failed)
        goto done;
    if (w->cd != (iconv_t)-1) {
        char *in = w->buf, *outp = w->conv;
        size_t inleft = w->len, outleft = 2 * OUT_BYTES;
        if (iconv(w->cd, &in, &inleft, &outp, &outleft) == (size_t)-1) {
            w->failed = 1;
            goto done;
        }
        if (fwrite(w->conv, 1, (size_t)(outp - w->conv), w->f) != (size_t)(outp - w->conv))
            w->failed = 1;
    } else if (fwrite(w->buf, 1, w->len, w->f) != w->len) {
        w->failed = 1;
    }
done:
    w->len = 0;
}

static inline void out_add(struct out *w, const void *p, size_t n)
{
    memcpy(w->buf + w->len, p, n);
    w->len += n;
}

static inline void out_addc(struct out *w, char c)
{
    w->buf[w->len++] = c;
}

/* ---------------------------------------------------------------- rows */

enum slot {
    S_NONE = 0,
    S_MC,
    S_LB,
    S_USCC,
    S_GSZC,
    S_ZZJG,
    S_SWDJ,
    S_SYDW,
    S_SHZZ,
    S_FRDB,
    S_FR_ZJLX,
    S_FR_ZJHM,
    S_ZJLX,
    S_ZJHM,
    S_DDATE,
    S_DEPT_NAME,
    S_DEPT_USCC,
    S_DOCNO,
    S_WFXW,
    S_SY,
    S_YJ,
    S_CFLB,
    S_CF_NR,
    S_FK,
    S_WFFF,
    S_ZKDX,
    S_CF_YXQ,
    S_GSJZQ,
    S_BZ,
    S_XKWS,
    S_XKLB,
    S_XKZS,
    S_XKBH,
    S_XK_NR,
    S_YXQ_FROM,
    S_YXQ_TO,
    S_XK_ZT,
    S_ZXYJWH,
    S_ZCZXYJDW,
    S_YW,
    S_LXQK,
    S_SXQX,
    S_LARQ,
    S_PDND,
    S_NSRSBH,
    S_XYJB,
    S_YCYY,
    S_YCRQ,
    S_YCJG,
    S_LIST_REASON,
    S_RDYJ,
    S_LIST_END,
    S_MDMC,
    S_COUNT
};

enum item_kind { IK_XZCF, IK_XZXK, IK_SXBZXR, IK_NSXY, IK_JYYC, IK_YZSX, IK_HMD, IK_OTHER };

static const struct {
    const char *id;
    enum item_kind ik;
    unsigned person_pct; /* share of rows about natural persons */
} item_kinds[] = {
    {"xzcf", IK_XZCF, 25}, {"xzxk", IK_XZXK, 20}, {"sxbzxr", IK_SXBZXR, 40}, {"nsxy", IK_NSXY, 0},
    {"jyyc", IK_JYYC, 0},  {"yzsx", IK_YZSX, 10}, {"hmd", IK_HMD, 0},
};

/* Field code -> slot. item -1 = any item. Fields without a slot get a value by type when the
 * catalogue requires them, and stay empty otherwise. */
static const struct {
    int ik;
    const char *code;
    enum slot slot;
} slot_map[] = {
    {-1, "XDR_MC", S_MC},
    {-1, "XDR_LB", S_LB},
    {-1, "XDR_SHXYM", S_USCC},
    {-1, "XDR_GSZC", S_GSZC},
    {-1, "XDR_ZZJG", S_ZZJG},
    {-1, "XDR_SWDJ", S_SWDJ},
    {-1, "XDR_SYDW", S_SYDW},
    {-1, "XDR_SHZZ", S_SHZZ},
    {-1, "FRDB", S_FRDB},
    {-1, "FR_ZJLX", S_FR_ZJLX},
    {-1, "FR_ZJHM", S_FR_ZJHM},
    {-1, "XDR_ZJLX", S_ZJLX},
    {-1, "XDR_ZJHM", S_ZJHM},
    {-1, "BZ", S_BZ},
    {IK_XZCF, "CF_WSH", S_DOCNO},
    {IK_XZCF, "CF_WFXW", S_WFXW},
    {IK_XZCF, "CF_SY", S_SY},
    {IK_XZCF, "CF_YJ", S_YJ},
    {IK_XZCF, "CF_CFLB", S_CFLB},
    {IK_XZCF, "CF_NR", S_CF_NR},
    {IK_XZCF, "CF_NR_FK", S_FK},
    {IK_XZCF, "CF_NR_WFFF", S_WFFF},
    {IK_XZCF, "CF_NR_ZKDX", S_ZKDX},
    {IK_XZCF, "CF_YXQ", S_CF_YXQ},
    {IK_XZCF, "CF_GSJZQ", S_GSJZQ},
    {IK_XZCF, "CF_CFJG", S_DEPT_NAME},
    {IK_XZCF, "CF_CFJGDM", S_DEPT_USCC},
    {IK_XZCF, "CF_SJLY", S_DEPT_NAME},
    {IK_XZCF, "CF_SJLYDM", S_DEPT_USCC},
    {IK_XZXK, "XK_XKWS", S_XKWS},
    {IK_XZXK, "XK_WSH", S_DOCNO},
    {IK_XZXK, "XK_XKLB", S_XKLB},
    {IK_XZXK, "XK_XKZS", S_XKZS},
    {IK_XZXK, "XK_XKBH", S_XKBH},
    {IK_XZXK, "XK_NR", S_XK_NR},
    {IK_XZXK, "XK_YXQZ", S_YXQ_FROM},
    {IK_XZXK, "XK_YXQZI", S_YXQ_TO},
    {IK_XZXK, "XK_XKJG", S_DEPT_NAME},
    {IK_XZXK, "XK_XKJGDM", S_DEPT_USCC},
    {IK_XZXK, "XK_ZT", S_XK_ZT},
    {IK_XZXK, "XK_LYDW", S_DEPT_NAME},
    {IK_XZXK, "XK_LYDWDM", S_DEPT_USCC},
    {IK_SXBZXR, "AH", S_DOCNO},
    {IK_SXBZXR, "ZXFY", S_DEPT_NAME},
    {IK_SXBZXR, "ZXYJWH", S_ZXYJWH},
    {IK_SXBZXR, "ZCZXYJDW", S_ZCZXYJDW},
    {IK_SXBZXR, "YW", S_YW},
    {IK_SXBZXR, "LXQK", S_LXQK},
    {IK_SXBZXR, "SXQX", S_SXQX},
    {IK_SXBZXR, "LARQ", S_LARQ},
    {IK_NSXY, "PDND", S_PDND},
    {IK_NSXY, "NSRSBH", S_NSRSBH},
    {IK_NSXY, "XYJB", S_XYJB},
    {IK_NSXY, "PDJG", S_DEPT_NAME},
    {IK_JYYC, "JDWH", S_DOCNO},
    {IK_JYYC, "LRJG", S_DEPT_NAME},
    {IK_JYYC, "YCYY", S_YCYY},
    {IK_JYYC, "YCRQ", S_YCRQ},
    {IK_JYYC, "YCJG", S_YCJG},
    {IK_YZSX, "RDWH", S_DOCNO},
    {IK_YZSX, "LRYY", S_LIST_REASON},
    {IK_YZSX, "RDYJ", S_RDYJ},
    {IK_YZSX, "RDJG", S_DEPT_NAME},
    {IK_YZSX, "YXQZ", S_LIST_END},
    {IK_HMD, "RDWH", S_DOCNO},
    {IK_HMD, "MDMC", S_MDMC},
    {IK_HMD, "RDYY", S_LIST_REASON},
    {IK_HMD, "RDJG", S_DEPT_NAME},
    {IK_HMD, "YXQZ", S_LIST_END},
};

enum bad_kind {
    B_NONE = 0,
    B_USCC_CHECK,   /* wrong 18th character */
    B_ID_BIRTH,     /* impossible birth date in the ID number */
    B_ID_CHECK,     /* wrong ID check character */
    B_MISSING_NAME, /* empty XDR_MC */
    B_PERSON_NO_ID, /* 自然人 without 证件号码 */
    B_ORG_NO_REP,   /* 法人及非法人组织 without 法定代表人 */
    B_DATE_INVALID, /* 2023/02/30 */
    B_DATE_FUTURE,
    B_FINE_NEGATIVE,
    B_FINE_NAN,
    B_CFLB_UNKNOWN,
    B_FEW_COLUMNS,
    B_DUPLICATE, /* the row again: the second copy is the bad one */
    B_COUNT
};

enum warn_kind { W_NONE = 0, W_LOWER_X, W_LEGACY15 };

struct row {
    const char *v[MAX_FIELDS];
    unsigned n[MAX_FIELDS];
    char buf[ROW_BYTES];
    size_t used;
};

enum {
    CF_FINE = 1,
    CF_CONFISCATE = 2,
    CF_WARNING = 4,
    CF_CRITICISM = 8,
    CF_SUSPEND = 16,
    CF_WITHHOLD = 32
};

struct cflb_cache {
    const char *cflb; /* one of our static strings */
    unsigned flags;
};

struct fctx {
    struct gen *g;
    const struct xy_item *it;
    enum item_kind ik;
    unsigned person_pct;
    const struct dept_def *d;
    const char *dept_uscc;
    int nf;
    enum slot slot[MAX_FIELDS];
    int fi[S_COUNT];
    struct rng r;
    int bom, zh_headers, crlf, jsonl, gb18030, dstyle;
    unsigned seq[NYEARS];
    int year0;
    uint64_t tax_t; /* nsxy: next (year, taxpayer) pair */
    struct cflb_cache cfc[16];
    int ncfc;
    enum bad_kind bad_ok[B_COUNT];
    int nbad_ok;
    long rows, bad, warn;
    long timely, late, untimed; /* of the good and warned rows (service/stats.h) */
    int last_dd;                /* the decision date of the row built, INT32_MIN: none */
    struct org org;             /* the current row's subject ... */
    struct person per;          /* ... or person */
    struct person rep;          /* its legal representative */
    struct out out;
    struct row row;
};

/* What a 处罚类别 string holds; cached per file by pointer (the strings are our static ones). */
static unsigned cflb_flags(struct fctx *fc, const char *cflb)
{
    unsigned f = 0;
    for (int i = 0; i < fc->ncfc; i++)
        if (fc->cfc[i].cflb == cflb)
            return fc->cfc[i].flags;
    f |= strstr(cflb, "罚款") ? CF_FINE : 0;
    f |= strstr(cflb, "没收") ? CF_CONFISCATE : 0;
    f |= strstr(cflb, "警告") ? CF_WARNING : 0;
    f |= strstr(cflb, "通报批评") ? CF_CRITICISM : 0;
    f |= strstr(cflb, "责令停产停业") ? CF_SUSPEND : 0;
    f |= strstr(cflb, "暂扣") ? CF_WITHHOLD : 0;
    if (fc->ncfc < 16) {
        fc->cfc[fc->ncfc].cflb = cflb;
        fc->cfc[fc->ncfc++].flags = f;
    }
    return f;
}

/* -- building values into the row buffer */

static inline void rb_put(struct row *rw, const char *s, size_t n)
{
    if (rw->used + n >= ROW_BYTES) /* our own text never gets here; cut rather than overflow */
        n = ROW_BYTES - 1 - rw->used;
    memcpy(rw->buf + rw->used, s, n);
    rw->used += n;
}

static inline void rb_puts(struct row *rw, const char *s)
{
    rb_put(rw, s, strlen(s));
}

static void rb_uint(struct row *rw, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        rb_put(rw, &tmp[--n], 1);
}

static void rb_pad(struct row *rw, uint64_t v, int width)
{
    char tmp[24];
    put_digits(tmp, v, width);
    rb_put(rw, tmp, (size_t)width);
}

/* Set field fi (if the item has it) to the bytes written since start. */
static inline void rv_end(struct row *rw, int fi, size_t start)
{
    if (fi >= 0) {
        rw->v[fi] = rw->buf + start;
        rw->n[fi] = (unsigned)(rw->used - start);
    }
}

static inline void rv_static(struct row *rw, int fi, const char *s)
{
    if (fi >= 0) {
        rw->v[fi] = s;
        rw->n[fi] = (unsigned)strlen(s);
    }
}

/* style 0 YYYY/MM/DD, 1 YYYY-MM-DD, 2 YYYYMMDD */
static void rb_date(const struct gen *g, struct row *rw, int days, int style)
{
    char tmp[8], out[10];
    const char *p = ymd_of(g, days, tmp);
    if (style == 2) {
        rb_put(rw, p, 8);
        return;
    }
    memcpy(out, p, 4);
    out[4] = out[7] = style == 0 ? '/' : '-';
    memcpy(out + 5, p + 4, 2);
    memcpy(out + 8, p + 6, 2);
    rb_put(rw, out, 10);
}

static void rb_date_zh(const struct gen *g, struct row *rw, int days)
{
    char tmp[8];
    const char *p = ymd_of(g, days, tmp);
    rb_put(rw, p, 4);
    rb_puts(rw, "年");
    rb_put(rw, p + 4 + (p[4] == '0'), 1 + (p[4] != '0'));
    rb_puts(rw, "月");
    rb_put(rw, p + 6 + (p[6] == '0'), 1 + (p[6] != '0'));
    rb_puts(rw, "日");
}

/* 万元 from 元 (a multiple of 100): 5000 -> 0.5, 123500 -> 12.35 */
static void rb_wan(struct row *rw, uint64_t yuan)
{
    unsigned frac = (unsigned)(yuan % 10000) / 100;
    rb_uint(rw, yuan / 10000);
    if (frac) {
        rb_put(rw, ".", 1);
        rb_put(rw, (char[]){(char)('0' + frac / 10)}, 1);
        if (frac % 10)
            rb_put(rw, (char[]){(char)('0' + frac % 10)}, 1);
    }
}

static int pick_style(struct fctx *fc)
{
    return rng_pct(&fc->r, 88) ? fc->dstyle : (int)rng_below(&fc->r, 3);
}

static void set_date(struct fctx *fc, enum slot s, int days)
{
    size_t start = fc->row.used;
    if (fc->fi[s] < 0)
        return;
    rb_date(fc->g, &fc->row, days, pick_style(fc));
    rv_end(&fc->row, fc->fi[s], start);
}

static int year_of(const struct gen *g, int days)
{
    char tmp[8];
    const char *p = ymd_of(g, days, tmp);
    return (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
}

static unsigned next_seq(struct fctx *fc, int year)
{
    int i = year - fc->year0;
    if (i < 0)
        i = 0;
    if (i >= NYEARS)
        i = NYEARS - 1;
    if (!fc->seq[i])
        fc->seq[i] = 1 + rng_below(&fc->r, 20);
    else
        fc->seq[i] += 1 + rng_below(&fc->r, 3);
    return fc->seq[i];
}

static uint64_t pick_yuan(struct fctx *fc, unsigned lo, unsigned hi)
{
    static const unsigned round[] = {200,   500,   1000,  2000,   3000,   5000,   8000,   10000,
                                     20000, 30000, 50000, 100000, 200000, 500000, 1000000};
    if (hi <= lo)
        return lo ? lo : 1000;
    if (rng_pct(&fc->r, 60)) {
        for (int t = 0; t < 4; t++) {
            unsigned v = round[rng_below(&fc->r, sizeof(round) / sizeof(round[0]))];
            if (v >= lo && v <= hi)
                return v;
        }
    }
    return (uint64_t)lo + (uint64_t)rng_below(&fc->r, (hi - lo) / 100 + 1) * 100;
}

/* Which bad kinds this file can carry. */
static void plan_bad_kinds(struct fctx *fc)
{
    int n = 0;
    int has_person = fc->person_pct > 0 && fc->fi[S_ZJHM] >= 0;

    if (fc->fi[S_USCC] >= 0)
        fc->bad_ok[n++] = B_USCC_CHECK;
    if (has_person) {
        fc->bad_ok[n++] = B_ID_BIRTH;
        fc->bad_ok[n++] = B_ID_CHECK;
    }
    if (fc->fi[S_MC] >= 0)
        fc->bad_ok[n++] = B_MISSING_NAME;
    if (has_person && fc->it->fields[fc->fi[S_ZJHM]].required.op == XY_COND_EQ)
        fc->bad_ok[n++] = B_PERSON_NO_ID;
    if (fc->fi[S_FRDB] >= 0 && fc->it->fields[fc->fi[S_FRDB]].required.op == XY_COND_EQ)
        fc->bad_ok[n++] = B_ORG_NO_REP;
    if (fc->fi[S_DDATE] >= 0) {
        fc->bad_ok[n++] = B_DATE_INVALID;
        fc->bad_ok[n++] = B_DATE_FUTURE;
    }
    if (fc->fi[S_FK] >= 0 && fc->fi[S_CFLB] >= 0) {
        fc->bad_ok[n++] = B_FINE_NEGATIVE;
        fc->bad_ok[n++] = B_FINE_NAN;
    }
    if (fc->fi[S_CFLB] >= 0)
        fc->bad_ok[n++] = B_CFLB_UNKNOWN;
    if (!fc->jsonl && fc->nf > 2)
        fc->bad_ok[n++] = B_FEW_COLUMNS;
    fc->bad_ok[n++] = B_DUPLICATE;
    fc->nbad_ok = n;
}

static int org_kind_fits(enum item_kind ik, enum okind k)
{
    switch (ik) {
    case IK_JYYC:
        return k == OK_ENT || k == OK_IND || k == OK_IND_PH || k == OK_COOP;
    case IK_NSXY:
    case IK_HMD:
        return k != OK_GOV;
    default:
        return 1;
    }
}

/* need: 0 any, 1 with a real USCC, 2 法人及非法人组织 (not 个体工商户) */
static void pick_org(struct fctx *fc, int need, struct org *org)
{
    const struct gen *g = fc->g;
    for (int t = 0; t < 64; t++) {
        uint64_t k = rng_next(&fc->r) % (uint64_t)g->o->orgs;
        org_make(g, k, org);
        if (!org_kind_fits(fc->ik, org->kind))
            continue;
        if (need == 1 && !org->uscc[0])
            continue;
        if (need == 2 && (org->kind == OK_IND || org->kind == OK_IND_PH))
            continue;
        return;
    }
}

/* A person for a warning row: w says what the ID number must allow. */
static int pick_person_for(struct fctx *fc, enum warn_kind w, struct person *p)
{
    const struct gen *g = fc->g;
    uint64_t start = rng_next(&fc->r) % (uint64_t)g->o->persons;
    long tries = g->o->persons < 400 ? g->o->persons : 400;
    int y2000 = xy_days_from_civil(2000, 1, 1);

    for (long t = 0; t < tries; t++) {
        person_make(g, (start + (uint64_t)t) % (uint64_t)g->o->persons, p);
        if (w == W_LOWER_X && p->id[17] == 'X')
            return 1;
        if (w == W_LEGACY15 && p->birth < y2000)
            return 1;
    }
    return 0;
}

static const char *const sxqx_list[] = {
    "有履行能力而拒不履行生效法律文书确定义务",
    "违反财产报告制度",
    "违反限制消费令",
    "以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
    "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行",
};

static const char *const yzsx_reasons[] = {
    "被列入经营异常名录届满3年仍未履行相关义务",      "提交虚假材料取得公司登记被依法撤销",
    "拖欠农民工工资数额较大，经责令限期支付仍不支付", "发生重大生产安全责任事故",
    "在政府采购活动中提供虚假材料谋取中标",
};

static const char *const bad_dates[] = {"2023/02/30", "2023-02-29", "20230431",
                                        "2024/13/01", "2022-06-31", "2021/00/15"};

/* Fill the row. cls: 0 good, 1 bad, 2 warn. Returns the bad kind actually applied (a kind the
 * chosen subject cannot carry falls back to a missing name or a bad date). */
static enum bad_kind build_row(struct fctx *fc, enum bad_kind bk, enum warn_kind *wk)
{
    struct gen *g = fc->g;
    struct row *rw = &fc->row;
    /* the subject lives in fc: values point into it until the row is written */
    int is_person = 0, dd, ddate_shown;
    const struct pen_tpl *pt = NULL;
    const struct lic_tpl *lt = NULL;
    size_t start;
    uint64_t fine = 0, confisc = 0;
    unsigned cf = 0;
    const char *cflb = NULL;
    char idbuf[19];

    for (int i = 0; i < fc->nf; i++)
        rw->v[i] = NULL, rw->n[i] = 0;
    rw->used = 0;

    /* --- the subject */
    if (*wk != W_NONE) {
        if (pick_person_for(fc, *wk, &fc->per) ||
            (*wk == W_LOWER_X && (*wk = W_LEGACY15, pick_person_for(fc, *wk, &fc->per))))
            is_person = 1;
        else
            *wk = W_NONE;
    }
    if (fc->ik == IK_NSXY) {
        /* key (评价年度, 纳税人识别号): walk (year, taxpayer) pairs so keys never repeat;
         * 机关 pay no tax (but a pool of nothing else must not stall the walk) */
        int tries = 0;
        do {
            uint64_t t = fc->tax_t++, m = (uint64_t)g->o->orgs;
            uint64_t k = t % m + (t / (m * 10)) * m;
            org_make(g, k, &fc->org);
        } while (fc->org.kind == OK_GOV && ++tries < 64);
        is_person = 0;
        *wk = W_NONE;
    } else if (!is_person) {
        int want_person = bk == B_ID_BIRTH || bk == B_ID_CHECK || bk == B_PERSON_NO_ID;
        int want_org = bk == B_USCC_CHECK || bk == B_ORG_NO_REP;
        if (want_person || (!want_org && rng_pct(&fc->r, fc->person_pct))) {
            person_make(g, rng_next(&fc->r) % (uint64_t)g->o->persons, &fc->per);
            is_person = 1;
        } else {
            pick_org(fc, bk == B_USCC_CHECK ? 1 : bk == B_ORG_NO_REP ? 2 : 0, &fc->org);
        }
    }
    if ((bk == B_USCC_CHECK && (is_person || !fc->org.uscc[0])) ||
        (bk == B_ORG_NO_REP &&
         (is_person || fc->org.kind == OK_IND || fc->org.kind == OK_IND_PH)) ||
        ((bk == B_ID_BIRTH || bk == B_ID_CHECK || bk == B_PERSON_NO_ID) && !is_person))
        bk = fc->fi[S_MC] >= 0 ? B_MISSING_NAME : B_DATE_INVALID;

    /* --- dates */
    if (fc->ik == IK_NSXY) {
        uint64_t t = fc->tax_t - 1, m = (uint64_t)g->o->orgs;
        int yo = (int)((t / m) % 10);
        int last = g->today >= xy_days_from_civil(g->today_year, 4, 25) ? g->today_year - 1
                                                                        : g->today_year - 2;
        int pdnd = last - yo;
        dd = xy_days_from_civil(pdnd + 1, 4, 1 + (int)rng_below(&fc->r, 25));
    } else if (g->recent_t && (rng_next(&fc->r) >> 32) < g->recent_t) {
        /* decided shortly before the reference receipt: timely or a little late */
        int ref = g->o->received < g->today ? g->o->received : g->today;
        dd = ref - (int)rng_below(&fc->r, 21);
    } else {
        dd = g->today - (int)rng_below(&fc->r, 5 * 365);
    }
    ddate_shown = dd;
    fc->last_dd = fc->fi[S_DDATE] >= 0 ? dd : INT32_MIN;
    if (bk == B_DATE_FUTURE)
        ddate_shown = g->today + 1 + (int)rng_below(&fc->r, 60);

    /* --- subject fields */
    if (is_person) {
        rv_static(rw, fc->fi[S_MC], fc->per.name);
        rv_static(rw, fc->fi[S_LB], "自然人");
        rv_static(rw, fc->fi[S_ZJLX], "身份证");
        rv_static(rw, fc->fi[S_ZJHM], fc->per.id);
        if (*wk == W_LOWER_X) {
            memcpy(idbuf, fc->per.id, 19);
            idbuf[17] = 'x';
            start = rw->used;
            rb_put(rw, idbuf, 18);
            rv_end(rw, fc->fi[S_ZJHM], start);
        } else if (*wk == W_LEGACY15) {
            start = rw->used;
            rb_put(rw, fc->per.id, 6);
            rb_put(rw, fc->per.id + 8, 9); /* YYMMDD + sequence: drop "19" and the check */
            rv_end(rw, fc->fi[S_ZJHM], start);
        }
    } else {
        int indiv = fc->org.kind == OK_IND || fc->org.kind == OK_IND_PH;
        rv_static(rw, fc->fi[S_MC], fc->org.name);
        rv_static(rw, fc->fi[S_LB], indiv ? "个体工商户" : "法人及非法人组织");
        rv_static(rw, fc->fi[S_USCC], fc->org.uscc[0] ? fc->org.uscc : XY_USCC_PLACEHOLDER);
        if (fc->org.regno[0])
            rv_static(rw, fc->fi[S_GSZC], fc->org.regno);
        if (fc->org.orgcode[0])
            rv_static(rw, fc->fi[S_ZZJG], fc->org.orgcode);
        if (fc->org.taxno[0])
            rv_static(rw, fc->fi[S_SWDJ], fc->org.taxno);
        if (fc->org.cert[0])
            rv_static(rw, fc->org.kind == OK_INST ? fc->fi[S_SYDW] : fc->fi[S_SHZZ], fc->org.cert);
        if (!indiv || fc->org.rep_name) {
            person_make(g, (uint64_t)fc->org.rep, &fc->rep);
            start = rw->used;
            rb_puts(rw, fc->rep.name);
            rv_end(rw, fc->fi[S_FRDB], start);
            if (fc->org.rep_id && fc->fi[S_FR_ZJHM] >= 0) {
                rv_static(rw, fc->fi[S_FR_ZJLX], "身份证");
                start = rw->used;
                rb_put(rw, fc->rep.id, 18);
                rv_end(rw, fc->fi[S_FR_ZJHM], start);
            }
        }
    }

    /* --- the decision */
    /* 处罚机关 and 数据来源单位 (and their codes) are both the department */
    for (int i = 0; i < fc->nf; i++)
        if (fc->slot[i] == S_DEPT_NAME)
            rv_static(rw, i, fc->d->name);
        else if (fc->slot[i] == S_DEPT_USCC)
            rv_static(rw, i, fc->dept_uscc);
    if (fc->fi[S_DDATE] >= 0)
        set_date(fc, S_DDATE, ddate_shown);

    switch (fc->ik) {
    case IK_XZCF: {
        unsigned cand[NPEN], nc = 0;
        for (unsigned i = 0; i < NPEN; i++)
            if (pen_tpls[i].dk == fc->d->kind)
                cand[nc++] = i;
        pt = &pen_tpls[nc ? cand[rng_below(&fc->r, nc)] : rng_below(&fc->r, NPEN)];
        cflb = pt->cflb;
        cf = cflb_flags(fc, cflb);
        if (rng_pct(&fc->r, 4) && (cf & CF_CONFISCATE))
            cflb = "没收违法所得、没收非法财物;罚款"; /* a category of the pre-2021 list */
        if ((bk == B_FINE_NEGATIVE || bk == B_FINE_NAN) && !(cf & CF_FINE))
            cflb = "罚款";
        cf = cflb_flags(fc, cflb);
        if (cf & CF_FINE)
            fine =
                pick_yuan(fc, pt->fine_lo ? pt->fine_lo : 1000, pt->fine_hi ? pt->fine_hi : 50000);
        if (cf & CF_CONFISCATE)
            confisc = pick_yuan(fc, 200, 50000);
        rv_static(rw, fc->fi[S_WFXW], pt->wfxw);
        rv_static(rw, fc->fi[S_YJ], pt->yj);
        rv_static(rw, fc->fi[S_CFLB], cflb);
        /* 违法事实: now and then with an ASCII comma, ASCII quotes or a second line */
        start = rw->used;
        rb_puts(rw, "经查，当事人于");
        rb_date_zh(g, rw, dd - 10 - (int)rng_below(&fc->r, 90));
        rb_puts(rw, pt->fact);
        if (rng_pct(&fc->r, 8)) {
            rb_puts(rw, "，涉案货值金额");
            rb_uint(rw, 1 + rng_below(&fc->r, 9));
            rb_puts(rw, ",");
            rb_pad(rw, rng_below(&fc->r, 1000), 3);
            rb_puts(rw, "元");
        }
        if (rng_pct(&fc->r, 3))
            rb_puts(rw, "，并在宣传材料中标注\"纯天然\"字样");
        rb_puts(rw, "。");
        if (rng_pct(&fc->r, 6)) {
            rb_puts(rw, fc->crlf ? "\r\n" : "\n");
            rb_puts(rw, "以上事实有现场检查笔录、询问笔录、证据先行登记保存通知书等证据为证。");
        }
        rv_end(rw, fc->fi[S_SY], start);
        /* 处罚内容 */
        start = rw->used;
        if (cf & CF_WARNING)
            rb_puts(rw, "给予警告；");
        if (cf & CF_CRITICISM)
            rb_puts(rw, "给予通报批评；");
        if (confisc) {
            rb_puts(rw, "没收违法所得人民币");
            rb_uint(rw, confisc);
            rb_puts(rw, "元；");
        }
        if (fine) {
            rb_puts(rw, "罚款人民币");
            rb_uint(rw, fine);
            rb_puts(rw, "元；");
        }
        if (cf & CF_SUSPEND)
            rb_puts(rw, "责令停产停业整顿；");
        if (cf & CF_WITHHOLD)
            rb_puts(rw, "暂扣道路运输证；");
        if (rw->used >= start + 3)
            rw->used -= 3; /* the last "；" */
        rb_puts(rw, "。");
        rv_end(rw, fc->fi[S_CF_NR], start);
        if (fine) {
            start = rw->used;
            rb_wan(rw, fine);
            rv_end(rw, fc->fi[S_FK], start);
        }
        if (confisc) {
            start = rw->used;
            rb_wan(rw, confisc);
            rv_end(rw, fc->fi[S_WFFF], start);
        }
        if (cf & CF_WITHHOLD) {
            start = rw->used;
            rb_puts(rw, "道路运输证 粤交运管穗字");
            rb_pad(rw, rng_below(&fc->r, 1000000), 6);
            rb_puts(rw, "号");
            rv_end(rw, fc->fi[S_ZKDX], start);
        }
        if (fc->fi[S_GSJZQ] >= 0 && rng_pct(&fc->r, 60))
            set_date(fc, S_GSJZQ, dd + (rng_pct(&fc->r, 50) ? 365 : 3 * 365));
        if (fc->fi[S_CF_YXQ] >= 0 && rng_pct(&fc->r, 30))
            set_date(fc, S_CF_YXQ, dd + 3 * 365);
        if (rng_pct(&fc->r, 3))
            rv_static(rw, fc->fi[S_BZ], "无");
        break;
    }
    case IK_XZXK: {
        unsigned cand[NLIC], nc = 0;
        int until;
        for (unsigned i = 0; i < NLIC; i++)
            if (lic_tpls[i].dk == fc->d->kind)
                cand[nc++] = i;
        lt = &lic_tpls[nc ? cand[rng_below(&fc->r, nc)] : rng_below(&fc->r, NLIC)];
        rv_static(rw, fc->fi[S_XKWS], lt->xkws);
        rv_static(rw, fc->fi[S_XKLB], lt->xklb);
        rv_static(rw, fc->fi[S_XK_NR], lt->nr);
        if (lt->xkzs[0]) {
            rv_static(rw, fc->fi[S_XKZS], lt->xkzs);
            start = rw->used;
            if (lt->bh_prefix[0]) {
                rb_puts(rw, lt->bh_prefix);
                rb_pad(rw, rng_next(&fc->r) % 10000000ULL, 7);
            } else if (!is_person && fc->org.uscc[0]) {
                rb_puts(rw, fc->org.uscc); /* 营业执照 number: the USCC */
            } else {
                rb_puts(rw, "4401");
                rb_pad(rw, rng_next(&fc->r) % 100000000ULL, 8);
            }
            rv_end(rw, fc->fi[S_XKBH], start);
        }
        set_date(fc, S_YXQ_FROM, ddate_shown);
        until = rng_pct(&fc->r, 20) ? xy_days_from_civil(2099, 12, 31)
                                    : dd + 365 * (rng_pct(&fc->r, 50) ? 3 : 5);
        set_date(fc, S_YXQ_TO, until);
        rv_static(rw, fc->fi[S_XK_ZT], until >= g->today ? "有效" : "无效");
        break;
    }
    case IK_SXBZXR: {
        int larq = dd - 20 - (int)rng_below(&fc->r, 180);
        int ly = year_of(g, larq);
        set_date(fc, S_LARQ, larq);
        start = rw->used;
        rb_puts(rw, "(");
        rb_uint(rw, (uint64_t)ly);
        rb_puts(rw, ")");
        rb_puts(rw, fc->d->court ? fc->d->court : "粤01");
        rb_puts(rw, "执");
        rb_uint(rw, next_seq(fc, ly));
        rb_puts(rw, "号");
        rv_end(rw, fc->fi[S_DOCNO], start);
        start = rw->used;
        if (rng_pct(&fc->r, 80)) {
            rb_puts(rw, "(");
            rb_uint(rw, (uint64_t)ly - rng_below(&fc->r, 2));
            rb_puts(rw, ")");
            rb_puts(rw, fc->d->court ? fc->d->court : "粤01");
            rb_puts(rw, rng_pct(&fc->r, 50) ? "民初" : "民终");
            rb_uint(rw, 1 + rng_below(&fc->r, 30000));
            rb_puts(rw, "号");
            rv_end(rw, fc->fi[S_ZXYJWH], start);
            rv_static(rw, fc->fi[S_ZCZXYJDW], fc->d->name);
        } else {
            rb_puts(rw, "穗仲案字〔");
            rb_uint(rw, (uint64_t)ly - 1);
            rb_puts(rw, "〕第");
            rb_uint(rw, 1 + rng_below(&fc->r, 20000));
            rb_puts(rw, "号");
            rv_end(rw, fc->fi[S_ZXYJWH], start);
            rv_static(rw, fc->fi[S_ZCZXYJDW], "广州仲裁委员会");
        }
        start = rw->used;
        rb_puts(rw, rng_pct(&fc->r, 50) ? "被执行人向申请执行人支付货款人民币"
                                        : "被执行人向申请执行人偿还借款本金人民币");
        rb_uint(rw, pick_yuan(fc, 5000, 2000000));
        rb_puts(rw, "元及相应利息，并承担案件受理费");
        rb_uint(rw, 50 + rng_below(&fc->r, 20000));
        rb_puts(rw, "元");
        rv_end(rw, fc->fi[S_YW], start);
        {
            unsigned u = rng_below(&fc->r, 100);
            rv_static(rw, fc->fi[S_LXQK],
                      u < 70   ? "全部未履行"
                      : u < 98 ? "部分未履行"
                               : "全部履行");
        }
        rv_static(rw, fc->fi[S_SXQX], sxqx_list[rng_below(&fc->r, 5)]);
        break;
    }
    case IK_NSXY: {
        unsigned u = rng_below(&fc->r, 100);
        start = rw->used;
        rb_uint(rw, (uint64_t)year_of(g, dd) - 1);
        rv_end(rw, fc->fi[S_PDND], start);
        rv_static(rw, fc->fi[S_NSRSBH], fc->org.uscc[0] ? fc->org.uscc : fc->org.regno);
        rv_static(rw, fc->fi[S_XYJB],
                  u < 30   ? "A"
                  : u < 75 ? "B"
                  : u < 90 ? "M"
                  : u < 97 ? "C"
                           : "D");
        break;
    }
    case IK_JYYC: {
        if (rng_pct(&fc->r, 25)) {
            int yc = dd + 30 + (int)rng_below(&fc->r, 300);
            if (yc <= g->today) {
                set_date(fc, S_YCRQ, yc);
                rv_static(rw, fc->fi[S_YCYY], "已补报未报年份的年度报告并公示");
                rv_static(rw, fc->fi[S_YCJG], fc->d->name);
            }
        }
        break;
    }
    case IK_YZSX:
        rv_static(rw, fc->fi[S_LIST_REASON], yzsx_reasons[rng_below(&fc->r, 5)]);
        rv_static(rw, fc->fi[S_RDYJ], "《市场监督管理严重违法失信名单管理办法》第十三条");
        set_date(fc, S_LIST_END, dd + 3 * 365);
        break;
    case IK_HMD:
        if (rng_pct(&fc->r, 85)) {
            rv_static(rw, fc->fi[S_MDMC], "A级纳税人");
            start = rw->used;
            rb_uint(rw, (uint64_t)year_of(g, dd) - 1);
            rb_puts(rw, "年度纳税信用评价为A级");
            rv_end(rw, fc->fi[S_LIST_REASON], start);
        } else {
            rv_static(rw, fc->fi[S_MDMC], "诚信示范企业");
            rv_static(rw, fc->fi[S_LIST_REASON], "连续三年依法纳税、无不良信用记录");
        }
        set_date(fc, S_LIST_END, dd + 365);
        break;
    default:
        break;
    }

    /* document number (natural key) */
    if (fc->fi[S_DOCNO] >= 0 && !rw->v[fc->fi[S_DOCNO]]) {
        int y = year_of(g, dd);
        start = rw->used;
        rb_puts(rw, fc->d->abbr);
        rb_puts(rw, fc->ik == IK_XZCF   ? "罚〔"
                    : fc->ik == IK_XZXK ? "许〔"
                    : fc->ik == IK_JYYC ? "异字〔"
                    : fc->ik == IK_YZSX ? "严〔"
                    : fc->ik == IK_HMD  ? "信〔"
                                        : "〔");
        rb_uint(rw, (uint64_t)y);
        rb_puts(rw, fc->ik == IK_JYYC ? "〕第" : "〕");
        rb_uint(rw, next_seq(fc, y));
        rb_puts(rw, "号");
        rv_end(rw, fc->fi[S_DOCNO], start);
    }

    /* anything else the catalogue requires, by type; enums pick one of their values */
    for (int i = 0; i < fc->nf; i++) {
        const struct xy_field *f = &fc->it->fields[i];
        if (rw->v[i] || fc->slot[i] != S_NONE)
            continue;
        if (f->type == XY_FT_ENUM && f->nvalues) {
            if (f->required.op == XY_COND_ALWAYS || rng_pct(&fc->r, 50))
                rv_static(rw, i, f->values[rng_below(&fc->r, (uint32_t)f->nvalues)]);
            continue;
        }
        if (f->required.op != XY_COND_ALWAYS)
            continue;
        start = rw->used;
        switch (f->type) {
        case XY_FT_DATE:
            rb_date(g, rw, dd, fc->dstyle);
            break;
        case XY_FT_AMOUNT:
            rb_wan(rw, pick_yuan(fc, 1000, 100000));
            break;
        case XY_FT_USCC:
            rb_puts(rw, fc->dept_uscc);
            break;
        case XY_FT_YEAR:
            rb_uint(rw, (uint64_t)year_of(g, dd));
            break;
        case XY_FT_IDNO:
        case XY_FT_ORGCODE:
            continue; /* never required without a rule we know */
        default:
            if (f->key_part) {
                rb_puts(rw, fc->d->abbr);
                rb_puts(rw, "〔");
                rb_uint(rw, (uint64_t)year_of(g, dd));
                rb_puts(rw, "〕");
                rb_uint(rw, next_seq(fc, year_of(g, dd)));
                rb_puts(rw, "号");
            } else {
                rb_puts(rw, fc->it->name);
            }
        }
        rv_end(rw, i, start);
    }

    /* --- the defect */
    switch (bk) {
    case B_USCC_CHECK: {
        char wrong[19];
        const char *p;
        memcpy(wrong, fc->org.uscc, 19);
        p = strchr(uscc_set, wrong[17]);
        wrong[17] = uscc_set[((p - uscc_set) + 1 + rng_below(&fc->r, 30)) % 31];
        start = rw->used;
        rb_put(rw, wrong, 18);
        rv_end(rw, fc->fi[S_USCC], start);
        break;
    }
    case B_ID_BIRTH: {
        static const char *const impossible[] = {"0230", "1301", "0431", "0229", "0631", "0000"};
        memcpy(idbuf, fc->per.id, 19);
        memcpy(idbuf + 10, impossible[rng_below(&fc->r, 6)], 4);
        if (!memcmp(idbuf + 10, "0229", 4)) /* only impossible in a common year */
            memcpy(idbuf + 6, "1999", 4);
        idbuf[17] = xy_idcard_check_char(idbuf);
        start = rw->used;
        rb_put(rw, idbuf, 18);
        rv_end(rw, fc->fi[S_ZJHM], start);
        break;
    }
    case B_ID_CHECK: {
        static const char checks[] = "0123456789X";
        memcpy(idbuf, fc->per.id, 19);
        idbuf[17] =
            checks[(strchr(checks, fc->per.id[17]) - checks + 1 + rng_below(&fc->r, 10)) % 11];
        start = rw->used;
        rb_put(rw, idbuf, 18);
        rv_end(rw, fc->fi[S_ZJHM], start);
        break;
    }
    case B_MISSING_NAME:
        rw->v[fc->fi[S_MC]] = NULL;
        break;
    case B_PERSON_NO_ID:
        rw->v[fc->fi[S_ZJHM]] = NULL;
        break;
    case B_ORG_NO_REP:
        rw->v[fc->fi[S_FRDB]] = NULL;
        if (fc->fi[S_FR_ZJLX] >= 0)
            rw->v[fc->fi[S_FR_ZJLX]] = NULL;
        if (fc->fi[S_FR_ZJHM] >= 0)
            rw->v[fc->fi[S_FR_ZJHM]] = NULL;
        break;
    case B_DATE_INVALID:
        rv_static(rw, fc->fi[S_DDATE], bad_dates[rng_below(&fc->r, 6)]);
        break;
    case B_FINE_NEGATIVE:
        start = rw->used;
        rb_puts(rw, "-");
        rb_wan(rw, fine);
        rv_end(rw, fc->fi[S_FK], start);
        break;
    case B_FINE_NAN: {
        static const char *const nan[] = {"五千元", "0.5万", "1,000", "约2万元", "壹万"};
        rv_static(rw, fc->fi[S_FK], nan[rng_below(&fc->r, 5)]);
        break;
    }
    case B_CFLB_UNKNOWN: {
        static const char *const unk[] = {"责令改正", "警告;罚金", "记过", "罚款;责令整改"};
        rv_static(rw, fc->fi[S_CFLB], unk[rng_below(&fc->r, 4)]);
        break;
    }
    default:
        break;
    }
    return bk;
}

/* -- writing rows */

static const unsigned char csv_special[256] = {[','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};

/* Does s[0..n) hold a byte below 0x2D (',' '"' CR LF are all below it)? Eight bytes at a time:
 * the classic "has a byte less than" bit trick; bytes >= 0x80 (UTF-8) never match. */
static inline int may_need_quotes(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if ((x - ones * 0x2D) & ~x & highs)
            return 1;
    }
    for (; i < n; i++)
        if ((unsigned char)s[i] < 0x2D)
            return 1;
    return 0;
}

static void write_csv_value(struct out *w, const char *s, size_t n)
{
    int quote = 0;
    if (may_need_quotes(s, n))
        for (size_t i = 0; i < n; i++)
            if (csv_special[(unsigned char)s[i]]) {
                quote = 1;
                break;
            }
    if (!quote) {
        out_add(w, s, n);
        return;
    }
    out_addc(w, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            out_addc(w, '"');
        out_addc(w, s[i]);
    }
    out_addc(w, '"');
}

static void write_csv_row(struct fctx *fc, int ncols)
{
    struct out *w = &fc->out;
    for (int i = 0; i < ncols; i++) {
        if (i)
            out_addc(w, ',');
        if (fc->row.v[i])
            write_csv_value(w, fc->row.v[i], fc->row.n[i]);
    }
    if (fc->crlf)
        out_add(w, "\r\n", 2);
    else
        out_addc(w, '\n');
}

static void write_json_string(struct out *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    out_addc(w, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            out_addc(w, '\\');
            out_addc(w, (char)c);
        } else if (c == '\n') {
            out_add(w, "\\n", 2);
        } else if (c == '\r') {
            out_add(w, "\\r", 2);
        } else if (c == '\t') {
            out_add(w, "\\t", 2);
        } else if (c < 0x20) {
            out_add(w, "\\u00", 4);
            out_addc(w, hex[c >> 4]);
            out_addc(w, hex[c & 15]);
        } else {
            out_addc(w, (char)c);
        }
    }
    out_addc(w, '"');
}

static void write_json_row(struct fctx *fc)
{
    struct out *w = &fc->out;
    int first = 1;
    out_addc(w, '{');
    for (int i = 0; i < fc->nf; i++) {
        const char *code = fc->it->fields[i].code;
        if (!fc->row.v[i] && i != fc->fi[S_MC])
            continue;
        if (!first)
            out_addc(w, ',');
        first = 0;
        write_json_string(w, code, strlen(code));
        out_addc(w, ':');
        write_json_string(w, fc->row.v[i] ? fc->row.v[i] : "", fc->row.v[i] ? fc->row.n[i] : 0);
    }
    out_add(w, "}\n", 2);
}

static void write_header(struct fctx *fc)
{
    struct out *w = &fc->out;
    if (fc->bom && !fc->gb18030)
        out_add(w, "\xEF\xBB\xBF", 3);
    if (fc->jsonl)
        return;
    for (int i = 0; i < fc->nf; i++) {
        const char *h = fc->zh_headers ? fc->it->fields[i].name : fc->it->fields[i].code;
        if (i)
            out_addc(w, ',');
        write_csv_value(w, h, strlen(h));
    }
    if (fc->crlf)
        out_add(w, "\r\n", 2);
    else
        out_addc(w, '\n');
}

/* -- one file */

static enum item_kind item_kind_of(const char *id, unsigned *person_pct)
{
    for (size_t i = 0; i < sizeof(item_kinds) / sizeof(item_kinds[0]); i++)
        if (!strcmp(item_kinds[i].id, id)) {
            *person_pct = item_kinds[i].person_pct;
            return item_kinds[i].ik;
        }
    *person_pct = 20;
    return IK_OTHER;
}

static xy_code gen_file(struct gen *g, const struct xy_item *it, size_t dept, const char *path,
                        long nrows, int format, struct fctx *fc, struct xy_err *err)
{
    xy_code rc = XY_OK;
    uint64_t bad_t, warn_t;
    double warn_share;

    memset(fc, 0, offsetof(struct fctx, row));
    fc->g = g;
    fc->it = it;
    fc->d = &depts[dept];
    fc->dept_uscc = g->dept_uscc[dept];
    fc->ik = item_kind_of(it->id, &fc->person_pct);
    fc->nf = (int)(it->nfields < MAX_FIELDS ? it->nfields : MAX_FIELDS);
    fc->year0 = g->today_year - NYEARS + 2;
    fc->r.s = mix64(g->seed ^ str_hash(it->id) ^ mix64(dept + 77));
    /* format: bit 0 BOM, 1 Chinese headers, 2 CRLF, 3 JSON Lines, 4 GB18030; bits 5-6 the
     * usual date style (0 YYYY/MM/DD, 1 YYYY-MM-DD, 2 YYYYMMDD) */
    fc->bom = format & 1;
    fc->zh_headers = (format >> 1) & 1;
    fc->crlf = (format >> 2) & 1;
    fc->jsonl = (format >> 3) & 1;
    fc->gb18030 = (format >> 4) & 1;
    fc->dstyle = (format >> 5) & 3;
    for (int s = 0; s < S_COUNT; s++)
        fc->fi[s] = -1;
    for (int i = 0; i < fc->nf; i++) {
        const struct xy_field *f = &it->fields[i];
        fc->slot[i] = S_NONE;
        for (size_t m = 0; m < sizeof(slot_map) / sizeof(slot_map[0]); m++)
            if ((slot_map[m].ik < 0 || slot_map[m].ik == (int)fc->ik) &&
                !strcmp(slot_map[m].code, f->code)) {
                fc->slot[i] = slot_map[m].slot;
                break;
            }
        if (fc->slot[i] == S_NONE && i == it->role_field[XY_ROLE_DECISION_DATE])
            fc->slot[i] = S_DDATE;
        if (fc->slot[i] == S_NONE && f->key_part && fc->fi[S_DOCNO] < 0 && f->type == XY_FT_TEXT &&
            fc->ik != IK_NSXY)
            fc->slot[i] = S_DOCNO;
        if (fc->slot[i] != S_NONE && fc->fi[fc->slot[i]] < 0)
            fc->fi[fc->slot[i]] = i;
    }
    plan_bad_kinds(fc);

    fc->out.cd = (iconv_t)-1;
    fc->out.f = fopen(path, "wb");
    if (!fc->out.f)
        return xy_err_set(err, XY_IO, "cannot create \"%s\": %s", path, strerror(errno));
    fc->out.buf = xy_malloc(OUT_BYTES);
    if (fc->gb18030) {
        fc->out.cd = iconv_open("GB18030", "UTF-8");
        if (fc->out.cd == (iconv_t)-1) {
            rc = xy_err_set(err, XY_INTERNAL, "cannot convert to GB18030: %s", strerror(errno));
            goto out;
        }
        fc->out.conv = xy_malloc(2 * OUT_BYTES);
    }
    write_header(fc);

    bad_t = (uint64_t)(g->o->bad_share * 4294967296.0);
    warn_share = g->o->bad_share / 4;
    warn_t = fc->person_pct && fc->fi[S_ZJHM] >= 0 ? (uint64_t)(warn_share * 4294967296.0) : 0;
    for (long r = 0; r < nrows;) {
        uint64_t u = rng_next(&fc->r) >> 32;
        enum bad_kind bk = B_NONE;
        enum warn_kind wk = W_NONE;
        int dup = 0;

        if (fc->out.len > OUT_BYTES - OUT_SLACK)
            out_flush(&fc->out);
        if (u < bad_t) {
            bk = fc->bad_ok[rng_below(&fc->r, (uint32_t)fc->nbad_ok)];
            if (bk == B_DUPLICATE) {
                if (r + 2 > nrows)
                    bk = fc->fi[S_MC] >= 0 ? B_MISSING_NAME : B_DATE_INVALID;
                else
                    dup = 1, bk = B_NONE;
            }
        } else if (u < bad_t + warn_t) {
            wk = rng_pct(&fc->r, 50) ? W_LOWER_X : W_LEGACY15;
        }
        bk = build_row(fc, bk, &wk);
        if (fc->jsonl) {
            size_t at = fc->out.len;
            write_json_row(fc);
            if (dup)
                out_add(&fc->out, fc->out.buf + at, fc->out.len - at);
        } else {
            size_t at = fc->out.len;
            int ncols = fc->nf;
            if (bk == B_FEW_COLUMNS)
                ncols = fc->nf - 1 - (int)rng_below(&fc->r, (uint32_t)(fc->nf / 2));
            write_csv_row(fc, ncols);
            if (dup)
                out_add(&fc->out, fc->out.buf + at, fc->out.len - at);
        }
        if (bk == B_NONE) {
            /* a stored row (a duplicate's first copy included): timed as the statistics do */
            switch (g->timer.n ? xy_stats_time(&g->timer, fc->last_dd, g->o->received, NULL)
                               : XY_TIMING_UNTIMED) {
            case XY_TIMING_TIMELY:
                fc->timely++;
                break;
            case XY_TIMING_LATE:
                fc->late++;
                break;
            default:
                fc->untimed++;
            }
        }
        r += 1 + dup;
        fc->rows += 1 + dup;
        fc->bad += (bk != B_NONE) + dup;
        fc->warn += wk != W_NONE;
    }
    out_flush(&fc->out);
    if (fc->out.failed)
        rc = xy_err_set(err, XY_IO, "could not write \"%s\": %s", path,
                        fc->out.cd != (iconv_t)-1 && errno == EILSEQ ? "not encodable in GB18030"
                                                                     : strerror(errno));
out:
    if (fclose(fc->out.f) != 0 && rc == XY_OK)
        rc = xy_err_set(err, XY_IO, "could not write \"%s\": %s", path, strerror(errno));
    if (fc->out.cd != (iconv_t)-1)
        iconv_close(fc->out.cd);
    free(fc->out.buf);
    free(fc->out.conv);
    fc->out.buf = fc->out.conv = NULL;
    return rc;
}

/* ---------------------------------------------------------------- the city */

static xy_code make_dirs(const char *dir, struct xy_err *err)
{
    char path[PATH_BYTES];
    size_t n = strlen(dir);

    if (n == 0 || n >= sizeof(path))
        return xy_err_set(err, XY_INVALID, "output folder name \"%s\" is empty or too long", dir);
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return xy_err_set(err, XY_IO, "cannot create folder \"%s\": %s", path, strerror(errno));
        path[i] = i == n ? '\0' : '/';
    }
    return XY_OK;
}

static int dept_has_item(size_t d, const char *id)
{
    const char *p = depts[d].items;
    size_t n = strlen(id);
    while (*p) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && !memcmp(p, id, n))
            return 1;
        p += len + (e != NULL);
    }
    return 0;
}

static int item_has_dept(const struct xy_catalog *cat, size_t idx)
{
    for (size_t d = 0; d < NDEPTS; d++)
        if (dept_has_item(d, cat->items[idx]->id))
            return 1;
    return 0;
}

/* Catalogue indexes of the items department d supplies, in the department's own order; the
 * first department (market regulation) also takes any catalogue item no department claims, so
 * a new item still gets data. */
static size_t dept_items(const struct xy_catalog *cat, size_t d, size_t *idx, size_t max)
{
    const char *p = depts[d].items;
    size_t n = 0;

    while (*p) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        for (size_t i = 0; i < cat->nitems && n < max; i++)
            if (strlen(cat->items[i]->id) == len && !memcmp(cat->items[i]->id, p, len))
                idx[n++] = i;
        p += len + (e != NULL);
    }
    if (d == 0)
        for (size_t i = 0; i < cat->nitems && n < max; i++)
            if (!item_has_dept(cat, i))
                idx[n++] = i;
    return n;
}

static int dept_supplies(const struct xy_catalog *cat, size_t d, size_t item)
{
    size_t idx[64], n = dept_items(cat, d, idx, 64);
    for (size_t i = 0; i < n; i++)
        if (idx[i] == item)
            return 1;
    return 0;
}

static void gen_init(struct gen *g, const struct xy_gen_opts *o)
{
    int y, m, d;

    memset(g, 0, sizeof(*g));
    g->o = o;
    g->seed = mix64((uint64_t)o->seed ^ 0x5851F42D4C957F2DULL);
    g->today = o->today;
    if (o->cal)
        xy_stats_timer_init(&g->timer, o->cal);
    g->recent_t = (uint64_t)(o->recent_share * 4294967296.0);
    xy_civil_from_days(o->today, &y, &m, &d);
    g->today_year = y;
    g->birth_lo = xy_days_from_civil(1950, 1, 1);
    g->birth_n = xy_days_from_civil(2005, 12, 31) - g->birth_lo + 1;
    g->person_space = (uint64_t)NDISTRICTS * (uint64_t)g->birth_n * 999ULL;
    g->b10 = mix64(g->seed + 1) % 100000000ULL;
    g->b31 = mix64(g->seed + 2) % 887503681ULL;
    g->breg = mix64(g->seed + 3) % 100000000ULL;
    g->bz = mix64(g->seed + 4) % (ZN * NREST);
    g->bp = mix64(g->seed + 5) % g->person_space;
    /* dates 1950-01-01 .. 2099-12-31 pre-rendered: every birth, decision and validity end */
    g->ymd_lo = g->birth_lo;
    g->ymd_n = xy_days_from_civil(2100, 1, 1) - g->ymd_lo;
    g->ymd = xy_malloc((size_t)g->ymd_n * sizeof(*g->ymd));
    for (int i = 0; i < g->ymd_n; i++) {
        xy_civil_from_days(g->ymd_lo + i, &y, &m, &d);
        put_digits(g->ymd[i], (uint64_t)y, 4);
        put_digits(g->ymd[i] + 4, (uint64_t)m, 2);
        put_digits(g->ymd[i] + 6, (uint64_t)d, 2);
    }
    /* department codes do not depend on the seed: the same city every time */
    for (size_t i = 0; i < NDEPTS; i++) {
        char *u = g->dept_uscc[i];
        memcpy(u, "11", 2);
        memcpy(u + 2, depts[i].division, 6);
        memcpy(u + 8, depts[i].org8, 8);
        u[16] = xy_orgcode_check_char(depts[i].org8);
        u[17] = xy_uscc_check_char(u);
        u[18] = '\0';
    }
}

static xy_code write_small(const char *path, const struct xy_buf *b, struct xy_err *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return xy_err_set(err, XY_IO, "cannot create \"%s\": %s", path, strerror(errno));
    if (fwrite(b->data, 1, b->len, f) != b->len) {
        fclose(f);
        return xy_err_set(err, XY_IO, "could not write \"%s\": %s", path, strerror(errno));
    }
    if (fclose(f) != 0)
        return xy_err_set(err, XY_IO, "could not write \"%s\": %s", path, strerror(errno));
    return XY_OK;
}

xy_code xy_gen_city(const struct xy_gen_opts *o, struct xy_gen_summary *out, struct xy_err *err)
{
    struct gen g;
    struct fctx *fc = NULL;
    struct xy_gen_summary sum = {0};
    struct xy_buf deps = XY_BUF_INIT, man = XY_BUF_INIT;
    char path[PATH_BYTES];
    xy_code rc;
    long file_no = 0;

    if (!o || !o->cat || !o->out_dir)
        return xy_err_set(err, XY_INVALID, "the generator needs a catalogue and an output folder");
    if (o->persons < 1 || o->orgs < 1)
        return xy_err_set(err, XY_INVALID,
                          "cannot generate a city with %ld persons and %ld organisations",
                          o->persons, o->orgs);
    if (o->rows_per_item < 0)
        return xy_err_set(err, XY_INVALID, "rows per item %ld is negative", o->rows_per_item);
    if (!(o->bad_share >= 0 && o->bad_share <= 1))
        return xy_err_set(err, XY_INVALID, "bad share %g is not between 0 and 1", o->bad_share);
    if (!(o->recent_share >= 0 && o->recent_share <= 1))
        return xy_err_set(err, XY_INVALID, "recent share %g is not between 0 and 1",
                          o->recent_share);
    if (o->today < xy_days_from_civil(2010, 1, 1))
        return xy_err_set(err, XY_INVALID, "today (%d days) is before 2010", o->today);
    if (strlen(o->out_dir) > PATH_BYTES - 128)
        return xy_err_set(err, XY_INVALID, "output folder name is too long");
    if ((rc = make_dirs(o->out_dir, err)) != XY_OK)
        return rc;
    gen_init(&g, o);
    fc = xy_calloc(1, sizeof(*fc));

    if (o->only_item) {
        const struct xy_item *it = xy_catalog_item(o->cat, o->only_item);
        size_t d = 0;
        if (!it) {
            rc = xy_err_set(err, XY_NOT_FOUND, "item \"%s\" is not in the catalogue", o->only_item);
            goto out;
        }
        for (size_t i = 0; i < NDEPTS; i++)
            if (dept_has_item(i, it->id)) {
                d = i;
                break;
            }
        snprintf(path, sizeof(path), "%s/%s.csv", o->out_dir, it->id);
        /* plain UTF-8, code headers, LF, YYYY-MM-DD mostly */
        rc = gen_file(&g, it, d, path, o->rows_per_item, 1 << 5, fc, err);
        if (rc == XY_OK) {
            sum.departments = 1;
            sum.files = 1;
            sum.rows = fc->rows;
            sum.bad_rows = fc->bad;
            sum.warn_rows = fc->warn;
            sum.late_rows = fc->late;
            sum.timely_rows = fc->timely;
            sum.untimed_rows = fc->untimed;
        }
        goto out;
    }

    xy_buf_adds(&deps, "uscc,name,items\n");
    xy_buf_adds(&man,
                "file,dept,item,rows,bad_rows,warn_rows,late_rows,timely_rows,untimed_rows\n");
    for (size_t d = 0; d < NDEPTS; d++) {
        size_t idx[64], n = dept_items(o->cat, d, idx, 64);
        if (!n)
            continue;
        sum.departments++;
        xy_buf_printf(&deps, "%s,%s,", g.dept_uscc[d], depts[d].name);
        for (size_t i = 0; i < n; i++)
            xy_buf_printf(&deps, "%s%s", i ? ";" : "", o->cat->items[idx[i]]->id);
        xy_buf_addc(&deps, '\n');
    }

    for (size_t d = 0; d < NDEPTS; d++) {
        size_t idx[64], nidx = dept_items(o->cat, d, idx, 64);
        for (size_t j = 0; j < nidx; j++) {
            const struct xy_item *it = o->cat->items[idx[j]];
            size_t nprov = 0, mine = 0;
            long nrows;
            int format;
            const char *suffix = ".csv";
            char name[128];

            for (size_t e = 0; e < NDEPTS; e++)
                if (dept_supplies(o->cat, e, idx[j])) {
                    if (e < d)
                        mine++;
                    nprov++;
                }
            nrows = o->rows_per_item / (long)nprov + ((long)mine < o->rows_per_item % (long)nprov);
            /* formats vary by file so that every real one appears */
            format = (file_no % 3 != 2) | ((file_no % 2 == 1) << 1) | (((file_no / 2) % 2) << 2) |
                     ((int)(file_no % 3) << 5);
            if (depts[d].kind == DK_ECO && !strcmp(it->id, "xzcf")) {
                format = (1 << 1) | (1 << 2) | (1 << 4) | (2 << 5); /* an older system */
                suffix = ".gb18030.csv";
            } else if (depts[d].kind == DK_TRANSPORT && !strcmp(it->id, "xzxk")) {
                format = (1 << 3) | (1 << 5);
                suffix = ".jsonl";
            }
            file_no++;
            snprintf(name, sizeof(name), "%s-%s%s", it->id, g.dept_uscc[d], suffix);
            snprintf(path, sizeof(path), "%s/%s", o->out_dir, name);
            if ((rc = gen_file(&g, it, d, path, nrows, format, fc, err)) != XY_OK)
                goto out;
            sum.files++;
            sum.rows += fc->rows;
            sum.bad_rows += fc->bad;
            sum.warn_rows += fc->warn;
            sum.late_rows += fc->late;
            sum.timely_rows += fc->timely;
            sum.untimed_rows += fc->untimed;
            xy_buf_printf(&man, "%s,%s,%s,%ld,%ld,%ld,%ld,%ld,%ld\n", name, g.dept_uscc[d], it->id,
                          fc->rows, fc->bad, fc->warn, fc->late, fc->timely, fc->untimed);
        }
    }
    snprintf(path, sizeof(path), "%s/departments.csv", o->out_dir);
    if ((rc = write_small(path, &deps, err)) != XY_OK)
        goto out;
    snprintf(path, sizeof(path), "%s/manifest.csv", o->out_dir);
    rc = write_small(path, &man, err);
out:
    xy_buf_release(&deps);
    xy_buf_release(&man);
    free(fc);
    free(g.ymd);
    xy_stats_timer_release(&g.timer);
    if (rc == XY_OK && out)
        *out = sum;
    return rc;
}
