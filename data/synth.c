/* synth: the synthetic portfolio generator (see synth.h for the model).
 *
 * An enterprise is built in two steps: its profile (identity, accounts, planted patterns,
 * events, loan) from its own profile stream, then, per table, the rows that need more
 * randomness (daily use, payments, routine inspections) from further streams of their
 * own. Daily use is simulated from the first day of the first month of the window, so
 * every bill covers a whole month whichever day the readings start. */
#include "data/synth.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "data/ident.h"
#include "lib/num.h"
#include "lib/rng.h"

/* Stream numbers: each purpose draws from its own sequence, so adding draws to one
 * never shifts another. Account K uses STREAM + K. */
enum { STREAM_PROFILE = 1, STREAM_SERIES = 16, STREAM_BILLS = 32, STREAM_INSP = 48, STREAM_AGENT = 64 };

/* A day far beyond any data: "never" for range ends. */
#define NEVER (INT32_MAX / 2)
/* No date: an empty field. */
#define NO_DAY INT32_MIN

/* Enterprises in a block share a pool of agent phones and addresses, so the sharing
 * is local and enterprise E's data do not depend on the portfolio's size. */
#define AGENT_BLOCK 32

struct city {
	const char *name, *shortname, *area;
	const char *district[4], *code[4], *road[4];
};

static const struct city cities[] = {
	{"厦门市",
         "厦门",
         "0592",
         {"思明区", "湖里区", "集美区", "海沧区"},
         {"350203", "350206", "350211", "350205"},
         {"湖滨南路", "嘉禾路", "杏林湾路", "海沧大道"}},
	{"福州市",
         "福州",
         "0591",
         {"鼓楼区", "台江区", "仓山区", "晋安区"},
         {"350102", "350103", "350104", "350111"},
         {"五四路", "工业路", "金山大道", "福马路"}},
	{"泉州市",
         "泉州",
         "0595",
         {"鲤城区", "丰泽区", "洛江区", "晋江市"},
         {"350502", "350503", "350504", "350582"},
         {"温陵路", "田安路", "万安路", "世纪大道"}},
	{"北京市",
         "北京",
         "010",
         {"东城区", "朝阳区", "海淀区", "丰台区"},
         {"110101", "110105", "110108", "110106"},
         {"建国门内大街", "建国路", "中关村大街", "南四环西路"}},
	{"上海市",
         "上海",
         "021",
         {"黄浦区", "徐汇区", "浦东新区", "闵行区"},
         {"310101", "310104", "310115", "310112"},
         {"南京东路", "漕溪北路", "张江路", "春中路"}},
	{"广州市",
         "广州",
         "020",
         {"越秀区", "天河区", "白云区", "番禺区"},
         {"440104", "440106", "440111", "440113"},
         {"中山五路", "天河路", "白云大道", "市桥路"}},
	{"深圳市",
         "深圳",
         "0755",
         {"福田区", "南山区", "宝安区", "龙岗区"},
         {"440304", "440305", "440306", "440307"},
         {"深南大道", "科技园路", "宝安大道", "龙岗大道"}},
	{"杭州市",
         "杭州",
         "0571",
         {"上城区", "西湖区", "滨江区", "萧山区"},
         {"330102", "330106", "330108", "330109"},
         {"解放路", "文三路", "江南大道", "市心路"}},
};
#define NCITIES (sizeof cities / sizeof cities[0])

/* GB/T 4754 sections with typical utilisation hours (kWh per kVA of contract capacity
 * a year), the weekend level relative to weekdays, the share of the portfolio and the
 * usual capacity (an index into caps). */
struct industry {
	const char *code, *zh, *word[3];
	double hours, weekend, share;
	int cap_mid;
};

static const struct industry industries[] = {
	{"C", "制造业", {"机械制造", "电子科技", "塑胶制品"}, 3200, 0.75, 0.45, 8},
	{"F", "批发和零售业", {"贸易", "商贸", "供应链管理"}, 900, 0.95, 0.20, 4},
	{"G", "交通运输业", {"物流", "仓储服务", "运输"}, 1600, 0.85, 0.10, 5},
	{"E", "建筑业", {"建设工程", "建筑安装", "装饰工程"}, 700, 0.80, 0.08, 4},
	{"H", "住宿和餐饮业", {"餐饮管理", "酒店管理", "食品"}, 2200, 1.15, 0.09, 5},
	{"I", "信息技术服务业", {"信息技术", "网络科技", "软件开发"}, 1300, 0.55, 0.08, 4},
};
#define NINDUSTRIES (sizeof industries / sizeof industries[0])

/* Standard transformer sizes, kVA. */
static const int caps[] = {50, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630, 800, 1000, 1250, 1600, 2000};
#define NCAPS ((int)(sizeof caps / sizeof caps[0]))

static const char *const trade_names[] = {
	"鑫", "华", "盛", "泰", "达", "宏", "源", "恒", "通", "利", "丰", "德", "兴", "隆", "博",
	"瑞", "嘉", "信", "诚", "祥", "永", "昌", "安", "顺", "金", "鼎", "晟", "润", "辉", "越",
};
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
	"郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "邓", "冯", "韩", "曹",
};
static const char *const given_names[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
	"明", "超", "秀", "霞", "平", "刚", "桂", "华", "建", "国", "志", "海", "文", "辉", "东",
};
static const char *const mobile_prefixes[] = {
	"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
	"158", "159", "166", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "198", "199",
};
/* Virtual operators' segments: a contact number an agent buys in bulk. */
static const char *const virtual_prefixes[] = {"170", "171", "165", "167"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char uscc_set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Spring Festival (lunar new year's day), which empties factories for about a week. */
static const char *const spring_festival[] = {
	"2010-02-14", "2011-02-03", "2012-01-23", "2013-02-10", "2014-01-31", "2015-02-19", "2016-02-08",
	"2017-01-28", "2018-02-16", "2019-02-05", "2020-01-25", "2021-02-12", "2022-02-01", "2023-01-22",
	"2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26", "2029-02-13", "2030-02-03",
};

enum pay_method { PAY_AUTODEBIT, PAY_CASH, PAY_ONLINE };
static const char *const pay_en[] = {"auto-debit", "cash", "online"};
static const char *const pay_zh[] = {"代扣", "现金", "网银"};

enum event_type {
	EV_OPEN,
	EV_CAP_INCREASE,
	EV_CAP_REDUCTION,
	EV_SUSPEND,
	EV_RESUME,
	EV_CLOSE,
	EV_RENAME,
	EV_TRANSFER,
	EV_DISCONNECT,
	EV_RECONNECT
};
static const char *const event_en[] = {
	"open",   "capacity_increase", "capacity_reduction", "suspend",   "resume", "close",
	"rename", "transfer",          "disconnect_arrears", "reconnect",
};
static const char *const event_zh[] = {
	"新装", "增容", "减容", "暂停", "暂停恢复", "销户", "更名", "过户", "欠费停电", "复电",
};

enum finding { FIND_NONE, FIND_THEFT, FIND_VIOLATION, FIND_METER_FAULT };
static const char *const finding_en[] = {"none", "theft", "violation", "meter_fault"};
static const char *const finding_zh[] = {"无异常", "窃电", "违约用电", "计量异常"};
static const char *const case_en[] = {"open", "closed"};
static const char *const case_zh[] = {"立案", "结案"};
enum { STATUS_NORMAL, STATUS_SUSPENDED, STATUS_CLOSED };
static const char *const status_en[] = {"normal", "suspended", "closed"};
static const char *const status_zh[] = {"正常", "暂停", "销户"};

/* Headers per kind: canonical names, then the source headers a utility export carries
 * (each one an alias er_schema_match_column maps back; tests/unit/test_synth.c checks). */
static const char *const head_readings[2][4] = {{"account_id", "date", "days", "kwh"},
                                                {"户号", "日期", "天数", "电量"}};
static const char *const head_bills[2][10] = {
	{"account_id", "bill_id", "period", "kwh", "amount", "due_date", "paid_date", "paid_amount", "late_fee",
         "pay_method"},
	{"户号", "账单编号", "电费年月", "电量", "应收金额", "应缴日期", "缴费日期", "实收金额", "违约金", "缴费方式"}};
static const char *const head_inspections[2][9] = {
	{"account_id", "case_id", "date", "finding", "back_kwh", "back_amount", "penalty", "status", "close_date"},
	{"户号", "案件编号", "检查日期", "检查结果", "追补电量", "追补电费", "违约使用电费", "案件状态", "结案日期"}};
static const char *const head_accounts[2][11] = {{"account_id", "uscc", "name", "legal_rep", "legal_rep_id", "phone",
                                                  "address", "industry", "contract_kva", "open_date", "status"},
                                                 {"户号", "统一社会信用代码", "户名", "法定代表人", "法人身份证号",
                                                  "联系电话", "用电地址", "行业分类", "合同容量", "立户日期",
                                                  "用户状态"}};
static const char *const head_events[2][7] = {
	{"account_id", "event_id", "date", "type", "cap_before", "cap_after", "end_date"},
	{"户号", "app_no", "变更日期", "业务类型", "变更前容量", "变更后容量", "计划结束日期"}};
static const char *const head_loans[2][9] = {
	{"app_id", "uscc", "name", "legal_rep", "phone", "address", "apply_date", "loan_date", "amount"},
	{"申请编号", "统一社会信用代码", "企业名称", "法定代表人", "联系电话", "地址", "申请日期", "放款日期",
         "贷款金额"}};
static const char *const head_labels[2][3] = {{"id", "label", "date"}, {"id", "标签", "日期"}};

#define MAX_EVENTS 12

struct event {
	er_day date;
	int type;
	int cap_before, cap_after; /* 0: empty */
	er_day end_date;           /* NO_DAY: empty */
};

struct account {
	char id[24];
	size_t idlen;
	double share; /* size relative to a main account */
	double hours; /* utilisation hours a year at the opening capacity */
	int cap0, cap_end;
	er_day open, close;        /* close: NEVER when open at the end */
	er_day susp_from, susp_to; /* no use while suspended */
	er_day disc_from, disc_to; /* no use while disconnected for arrears */
	er_day cut_date;           /* capacity reduction: use scales down */
	double cut_factor;
	er_day grow_date; /* capacity increase with real growth */
	double grow_factor;
	er_day theft_from, theft_to;
	double theft_factor;
	er_day violation_date;
	int violation_kva;
	er_day fault_date;
	int status;
	struct event ev[MAX_EVENTS];
	int nev;
};

struct enterprise {
	struct er_synth_truth t;
	long long index;
	const struct city *city;
	int district;
	const struct industry *ind;
	char uscc_true[19]; /* the enterprise's real code (the account's may be mistyped) */
	char name[128], legal_rep[32], rep_id[19], phone[24], address[192];
	char loan_uscc[19], loan_name[128], loan_rep[32], loan_phone[24], loan_address[192];
	char app_id[24];
	long long loan_amount;
	er_day loan_date;
	double late_q, growth, price;
	int pay; /* enum pay_method */
	er_day collapse_from, arrears_from, cash_from, dip_from, dip_to;
	struct account acc[ER_SYNTH_MAX_ACCOUNTS];
};

/* The days the generator works on. */
struct window {
	er_day first, last;        /* readings written */
	er_day sim_first;          /* use simulated from here (the first day of first's month) */
	er_day end;                /* nothing dated after it */
	int ndays;                 /* last - sim_first + 1 */
	int bill_first, bill_last; /* month indexes billed (bill_last < bill_first: none) */
	double *season;            /* [ndays]: seasonal and holiday level */
	char (*dates)[11];         /* [ndays]: YYYY-MM-DD */
};

static double
logistic(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

static er_day
clamp_day(er_day d, er_day lo, er_day hi)
{
	return d < lo ? lo : d > hi ? hi : d;
}

/* A whole number of days in [LO, HI). */
static er_day
rand_days(struct er_rng *r, double lo, double hi)
{
	return (er_day)floor(er_rng_range(r, lo, hi));
}

static void
seed_stream(struct er_rng *r, const struct er_synth_opts *o, long long e, int stream)
{
	er_rng_seed(r, er_rng_mix(er_rng_mix(o->seed, (uint64_t)e), (uint64_t)stream));
}

/* A non-negative amount in cents, in the shortest decimal form (12, 12.5, 12.34). */
static size_t
fmt_cents(char *buf, long long cents)
{
	size_t n = er_num_format_u64(buf, (uint64_t)(cents / 100));
	int f = (int)(cents % 100);
	if (f) {
		buf[n++] = '.';
		buf[n++] = (char)('0' + f / 10);
		if (f % 10)
			buf[n++] = (char)('0' + f % 10);
	}
	return n;
}

static long long
to_cents(double v)
{
	return v <= 0 ? 0 : (long long)(v * 100.0 + 0.5);
}

/* Appends S to BUF of SIZE bytes (always NUL-terminated). */
static void
cat(char *buf, size_t size, const char *s)
{
	size_t n = strlen(buf), k = strlen(s);
	if (n + k >= size)
		k = size - 1 - n;
	memcpy(buf + n, s, k);
	buf[n + k] = '\0';
}

static void
cat_num(char *buf, size_t size, unsigned long long v, int width)
{
	char tmp[24];
	size_t n = er_num_format_u64(tmp, v);
	char pad[24];
	size_t p = 0;
	while ((int)(n + p) < width && p < sizeof pad - 1)
		pad[p++] = '0';
	pad[p] = '\0';
	cat(buf, size, pad);
	tmp[n] = '\0';
	cat(buf, size, tmp);
}

static const char *
pick(struct er_rng *r, const char *const *list, size_t n)
{
	return list[er_rng_below(r, n)];
}

/* ---- identity ---- */

static void
make_company_name(struct er_rng *r, const struct enterprise *x, char *out, size_t size)
{
	out[0] = '\0';
	cat(out, size, x->city->shortname);
	cat(out, size, pick(r, trade_names, COUNT(trade_names)));
	cat(out, size, pick(r, trade_names, COUNT(trade_names)));
	cat(out, size, x->ind->word[er_rng_below(r, 3)]);
	cat(out, size, "有限公司");
}

static void
make_person_name(struct er_rng *r, char *out, size_t size)
{
	out[0] = '\0';
	cat(out, size, pick(r, surnames, COUNT(surnames)));
	cat(out, size, pick(r, given_names, COUNT(given_names)));
	if (er_rng_chance(r, 0.6))
		cat(out, size, pick(r, given_names, COUNT(given_names)));
}

static void
make_mobile(struct er_rng *r, int virtual_number, char *out, size_t size)
{
	out[0] = '\0';
	cat(out, size,
	    virtual_number ? pick(r, virtual_prefixes, COUNT(virtual_prefixes))
	                   : pick(r, mobile_prefixes, COUNT(mobile_prefixes)));
	cat_num(out, size, er_rng_below(r, 100000000), 8);
}

static void
make_landline(struct er_rng *r, const struct city *c, char *out, size_t size)
{
	out[0] = '\0';
	cat(out, size, c->area);
	cat(out, size, "-");
	/* Three-digit area codes (big cities) have 8-digit local numbers. */
	int eight = strlen(c->area) == 3;
	unsigned long long span = eight ? 10000000ULL : 1000000ULL;
	cat_num(out, size, (2 + er_rng_below(r, 7)) * span + er_rng_below(r, span), 0);
}

static void
make_address(struct er_rng *r, const struct city *c, int district, char *out, size_t size)
{
	out[0] = '\0';
	cat(out, size, c->name);
	cat(out, size, c->district[district]);
	cat(out, size, c->road[er_rng_below(r, 4)]);
	cat_num(out, size, 1 + er_rng_below(r, 899), 0);
	cat(out, size, "号");
	if (er_rng_chance(r, 0.4)) {
		cat_num(out, size, 1 + er_rng_below(r, 12), 0);
		cat(out, size, "号楼");
	}
}

/* A valid unified social credit code of a company (91) registered in DIVISION:
 * an organization code body of 8 digits (issued before 2015) or MA and 6 characters
 * (after), its GB 11714 check, then the GB 32100 check. */
static void
make_uscc(struct er_rng *r, const char *division, char out[19])
{
	out[0] = '9';
	out[1] = '1';
	memcpy(out + 2, division, 6);
	if (er_rng_chance(r, 0.5)) {
		out[8] = (char)('1' + er_rng_below(r, 9));
		for (int i = 9; i < 16; i++)
			out[i] = (char)('0' + er_rng_below(r, 10));
	} else {
		out[8] = 'M';
		out[9] = 'A';
		for (int i = 10; i < 16; i++)
			out[i] = uscc_set[er_rng_below(r, 31)];
	}
	static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 8; i++) {
		char c = out[8 + i];
		sum += (c <= '9' ? c - '0' : c - 'A' + 10) * w[i];
	}
	int chk = 11 - sum % 11;
	out[16] = chk == 10 ? 'X' : chk == 11 ? '0' : (char)('0' + chk);
	out[17] = er_ident_uscc_check_char(out);
	out[18] = '\0';
}

/* Changes one character of the subject identifier (positions 9..16), as a typist
 * would: the check character then fails, because 31 is prime and no weight is 0. */
static void
mistype_uscc(struct er_rng *r, char code[19])
{
	int pos = 8 + (int)er_rng_below(r, 8);
	char c;
	do
		c = uscc_set[er_rng_below(r, 31)];
	while (c == code[pos]);
	code[pos] = c;
}

static void
make_resident_id(struct er_rng *r, const char *division, int year, char out[19])
{
	int month = 1 + (int)er_rng_below(r, 12);
	int day = 1 + (int)er_rng_below(r, (uint64_t)er_date_days_in_month(year, month));
	/* Birth date, then the sequence number: digits at fixed places. */
	int seq = (int)er_rng_below(r, 1000);
	int parts[4][2] = {{year, 4}, {month, 2}, {day, 2}, {seq, 3}};
	memcpy(out, division, 6);
	size_t pos = 6;
	for (int i = 0; i < 4; i++) {
		for (int j = parts[i][1] - 1, v = parts[i][0]; j >= 0; j--, v /= 10)
			out[pos + (size_t)j] = (char)('0' + v % 10);
		pos += (size_t)parts[i][1];
	}
	out[17] = er_ident_resident_id_check_char(out);
	out[18] = '\0';
}

/* The agent phone or address K of AGENT's block: the same for every enterprise there. */
static void
agent_contact(const struct er_synth_opts *o, long long e, const struct city *c, int k, char *phone, size_t psize,
              char *address, size_t asize)
{
	struct er_rng r;
	er_rng_seed(
		&r,
		er_rng_mix(er_rng_mix(o->seed, (uint64_t)STREAM_AGENT), (uint64_t)(e / AGENT_BLOCK) * 4 + (uint64_t)k));
	make_mobile(&r, er_rng_chance(&r, 0.5), phone, psize);
	address[0] = '\0';
	cat(address, asize, c->name);
	cat(address, asize, c->district[er_rng_below(&r, 4)]);
	cat(address, asize, c->road[er_rng_below(&r, 4)]);
	cat_num(address, asize, 1 + er_rng_below(&r, 200), 0);
	cat(address, asize, "号商务中心");
	cat_num(address, asize, 1 + er_rng_below(&r, 20), 0);
	cat(address, asize, "层");
}

/* ---- the window ---- */

static void
window_bounds(const struct er_synth_opts *o, er_day *first, er_day *last)
{
	if (!o->monthly) {
		*last = o->end;
		*first = o->end - o->days + 1;
		return;
	}
	int mi = er_date_month_index(o->end);
	if (er_date_month_last(mi) != o->end)
		mi--;
	*last = er_date_month_last(mi);
	*first = er_date_month_first(mi - o->months + 1);
}

static void
window_free(struct window *w)
{
	free(w->season);
	free(w->dates);
}

static int
window_init(struct window *w, const struct er_synth_opts *o, char *err)
{
	memset(w, 0, sizeof *w);
	window_bounds(o, &w->first, &w->last);
	w->end = o->end;
	w->sim_first = er_date_month_first(er_date_month_index(w->first));
	w->ndays = w->last - w->sim_first + 1;
	w->bill_first = er_date_month_index(w->sim_first);
	/* A month's bill is released on the 5th of the next month. */
	int mi = er_date_month_index(w->last);
	while (mi >= w->bill_first && er_date_month_first(mi + 1) + 4 > w->end)
		mi--;
	w->bill_last = mi;
	w->season = malloc((size_t)w->ndays * sizeof *w->season);
	w->dates = malloc((size_t)w->ndays * sizeof *w->dates);
	if (!w->season || !w->dates) {
		window_free(w);
		return er_fail(err, ER_ENOMEM, "out of memory for %d days", w->ndays);
	}
	for (int i = 0; i < w->ndays; i++) {
		er_day d = w->sim_first + i;
		er_date_format(w->dates[i], d);
		int y, m, dd;
		er_date_to_ymd(d, &y, &m, &dd);
		double doy = d - er_date_from_ymd(y, 1, 1);
		/* Summer peak (air conditioning) in late July. */
		w->season[i] = 1.0 + 0.12 * cos(2.0 * 3.141592653589793 * (doy - 205.0) / 365.25);
	}
	for (size_t k = 0; k < COUNT(spring_festival); k++) {
		er_day sf;
		if (er_date_parse(spring_festival[k], 10, NULL, &sf, NULL) != ER_DATE_OK)
			continue;
		for (int off = -7; off <= 15; off++) {
			long i = (long)sf + off - w->sim_first;
			if (i >= 0 && i < w->ndays)
				w->season[i] *= (off >= -2 && off <= 8) ? 0.4 : 0.75;
		}
	}
	return 0;
}

/* ---- the enterprise profile ---- */

static void
add_event(struct account *a, er_day date, int type, int before, int after, er_day end_date, er_day end)
{
	if (date > end || a->nev == MAX_EVENTS)
		return;
	struct event *ev = &a->ev[a->nev++];
	ev->date = date;
	ev->type = type;
	ev->cap_before = before;
	ev->cap_after = after;
	ev->end_date = end_date;
}

static void
sort_events(struct account *a)
{
	/* Insertion sort: stable, so same-day events keep their causal order. */
	for (int i = 1; i < a->nev; i++) {
		struct event v = a->ev[i];
		int j = i;
		while (j > 0 && a->ev[j - 1].date > v.date) {
			a->ev[j] = a->ev[j - 1];
			j--;
		}
		a->ev[j] = v;
	}
}

static int
cap_round(double kva)
{
	int v = (int)(kva / 5.0 + 0.5) * 5;
	return v < 10 ? 10 : v;
}

static void
build_accounts(struct er_rng *r, const struct er_synth_opts *o, struct enterprise *x)
{
	struct er_synth_truth *t = &x->t;
	er_day end = o->end;
	for (int k = 0; k < t->accounts; k++) {
		struct account *a = &x->acc[k];
		a->id[0] = '\0';
		cat_num(a->id, sizeof a->id, 1000000000ULL + (unsigned long long)x->index * 10 + (unsigned)k, 10);
		a->idlen = strlen(a->id);
		a->share = k == 0 ? 1.0 : er_rng_range(r, 0.15, 0.6);
		int ci = x->ind->cap_mid + (int)lround(1.6 * er_rng_normal(r)) - (k ? 2 : 0);
		if (t->shell)
			ci = 3 + (int)er_rng_below(r, 5);
		ci = ci < 0 ? 0 : ci >= NCAPS ? NCAPS - 1 : ci;
		a->cap0 = a->cap_end = caps[ci];
		a->hours = t->shell ? er_rng_range(r, 5, 60) : x->ind->hours * exp(0.35 * er_rng_normal(r));
		if (k == 0)
			a->open = t->apply_date - (t->shell ? rand_days(r, 20, 300) : rand_days(r, 300, 5000));
		else
			a->open = x->acc[0].open + (er_day)((end - x->acc[0].open) * er_rng_range(r, 0.1, 0.9));
		a->close = NEVER;
		a->susp_from = a->susp_to = a->disc_from = a->disc_to = NEVER;
		a->cut_date = a->grow_date = a->theft_from = a->theft_to = NEVER;
		a->violation_date = a->fault_date = NO_DAY;
		a->cut_factor = a->grow_factor = a->theft_factor = 1.0;
		a->nev = 0;
		add_event(a, a->open, EV_OPEN, 0, a->cap0, NO_DAY, end);

		/* Secondary accounts close more often in distressed enterprises (G08). */
		if (k > 0 && er_rng_chance(r, logistic(-2.5 + 0.8 * t->z)))
			a->close = a->open + (er_day)((end - a->open) * er_rng_range(r, 0.3, 1.0));
		if (k == 0 && t->collapse && t->default_date + 30 < end && er_rng_chance(r, 0.3))
			a->close = t->default_date + rand_days(r, 30, 120);
		if (a->close > end)
			a->close = NEVER;

		int cap = a->cap0;
		er_day lo = a->open + 30;
		if (k == 0 && t->cap_cut) {
			a->cut_date = clamp_day(end - rand_days(r, 30, 540), lo, end);
			a->cut_factor = er_rng_range(r, 0.3, 0.65);
			int after = cap_round(cap * a->cut_factor);
			add_event(a, a->cut_date, EV_CAP_REDUCTION, cap, after, NO_DAY, end);
			cap = after;
		}
		if (!t->shell && er_rng_chance(r, 0.06)) {
			a->grow_date = clamp_day(end - rand_days(r, 30, 700), lo, end);
			a->grow_factor = er_rng_range(r, 1.3, 1.8);
			int after = cap_round(cap * a->grow_factor);
			add_event(a, a->grow_date, EV_CAP_INCREASE, cap, after, NO_DAY, end);
			cap = after;
		}
		if (k == 0 && t->window_dressing) {
			/* Bigger on paper just before the application, with no more use behind it. */
			er_day d = t->apply_date - rand_days(r, 20, 90);
			if (d > a->open) {
				int after = cap_round(cap * er_rng_range(r, 1.5, 2.2));
				add_event(a, d, EV_CAP_INCREASE, cap, after, NO_DAY, end);
				cap = after;
			}
		}
		if (k == 0 && t->suspension) {
			a->susp_from = clamp_day(end - rand_days(r, 30, 540), lo, end);
			er_day planned = a->susp_from + rand_days(r, 30, 181);
			a->susp_to = planned;
			add_event(a, a->susp_from, EV_SUSPEND, 0, 0, planned, end);
			add_event(a, planned, EV_RESUME, 0, 0, NO_DAY, end);
		}
		if (k == 0 && t->transfer) {
			er_day d = t->apply_date - rand_days(r, 30, 150);
			add_event(a, d > a->open ? d : a->open + 1, EV_TRANSFER, 0, 0, NO_DAY, end);
		}
		if (er_rng_chance(r, 0.04))
			add_event(a, clamp_day(end - rand_days(r, 0, 2000), a->open + 1, end), EV_RENAME, 0, 0, NO_DAY,
			          end);
		if (k == 0 && t->arrears && t->default_date + 20 <= end) {
			a->disc_from = t->default_date + rand_days(r, 15, 45);
			add_event(a, a->disc_from, EV_DISCONNECT, 0, 0, NO_DAY, end);
			if (er_rng_chance(r, 0.4)) {
				a->disc_to = a->disc_from + rand_days(r, 5, 30);
				add_event(a, a->disc_to, EV_RECONNECT, 0, 0, NO_DAY, end);
			}
		}
		if (a->close != NEVER)
			add_event(a, a->close, EV_CLOSE, cap, 0, NO_DAY, end);
		a->cap_end = cap;

		if (k == 0 && t->theft) {
			er_day to = end - rand_days(r, 5, 400);
			er_day from = to - rand_days(r, 60, 300);
			if (from < lo)
				from = lo;
			if (to <= from)
				to = from + 60 <= end ? from + 60 : end;
			a->theft_from = from;
			a->theft_to = to;
			a->theft_factor = er_rng_range(r, 0.3, 0.6);
		}
		if (k == 0 && t->violation) {
			a->violation_date = clamp_day(end - rand_days(r, 10, 700), lo, end);
			a->violation_kva = 20 + (int)er_rng_below(r, 181);
		}
		if (er_rng_chance(r, 0.03))
			a->fault_date = clamp_day(end - rand_days(r, 0, 1000), lo, end);
		sort_events(a);

		a->status = STATUS_NORMAL;
		if (a->close != NEVER)
			a->status = STATUS_CLOSED;
		else if ((a->susp_from <= end && end < a->susp_to) || (a->disc_from <= end && end < a->disc_to))
			a->status = STATUS_SUSPENDED;
	}
}

/* Draws enterprise E. Long on purpose: one straight sequence of draws from E's own RNG,
 * whose order fixes the output for a seed (every golden er-synth test); steps split out
 * would have to keep that order by hand. */
static void
build(const struct er_synth_opts *o, long long e, struct enterprise *x)
{
	struct er_rng rng, *r = &rng;
	seed_stream(r, o, e, STREAM_PROFILE);
	memset(x, 0, sizeof *x);
	struct er_synth_truth *t = &x->t;
	er_day end = o->end;
	x->index = e;
	x->city = &cities[er_rng_below(r, NCITIES)];
	x->district = (int)er_rng_below(r, 4);
	double u = er_rng_uniform(r), acc = 0;
	x->ind = &industries[NINDUSTRIES - 1];
	for (size_t i = 0; i < NINDUSTRIES; i++) {
		acc += industries[i].share;
		if (u < acc) {
			x->ind = &industries[i];
			break;
		}
	}

	/* The latent distress and the patterns it makes likely. */
	double z = er_rng_normal(r), noise = er_rng_normal(r);
	t->z = z;
	t->shell = er_rng_chance(r, logistic(-4.0 + 1.2 * z));
	t->theft = !t->shell && er_rng_chance(r, logistic(-4.2 + 0.9 * z));
	t->violation = !t->shell && er_rng_chance(r, logistic(-3.6 + 0.5 * z));
	t->mismatch = er_rng_chance(r, logistic(-3.2 + 1.0 * z));
	t->loan_uscc_invalid = er_rng_chance(r, logistic(-4.5 + 0.8 * z));
	t->shared_contact = t->shell ? er_rng_chance(r, 0.7) : er_rng_chance(r, logistic(-4.0 + 0.8 * z));
	t->cap_cut = er_rng_chance(r, logistic(-3.5 + 1.0 * z));
	t->suspension = er_rng_chance(r, logistic(-3.5 + 0.8 * z));
	t->window_dressing = !t->shell && er_rng_chance(r, logistic(-4.0 + 0.8 * z));
	t->transfer = er_rng_chance(r, logistic(-4.2 + 0.8 * z));
	t->uscc_valid = !er_rng_chance(r, 0.015);
	t->risk = -2.6 + 1.1 * z + 1.6 * t->shell + 1.2 * t->theft + 0.5 * t->violation + 0.9 * t->mismatch +
		0.9 * t->loan_uscc_invalid + 0.5 * t->shared_contact + 0.6 * t->cap_cut + 0.5 * t->suspension +
		0.5 * t->window_dressing + 0.6 * t->transfer;
	t->bad = er_rng_chance(r, logistic(t->risk + 0.6 * noise));

	/* Behaviour that follows z continuously. */
	x->late_q = logistic(-3.3 + 1.0 * z + 0.4 * er_rng_normal(r));
	x->growth = 0.03 - 0.05 * z + 0.07 * er_rng_normal(r);
	x->pay = er_rng_chance(r, logistic(0.6 - 0.7 * z)) ? PAY_AUTODEBIT
		: er_rng_chance(r, 0.5)                    ? PAY_CASH
							   : PAY_ONLINE;
	x->price = er_rng_range(r, 0.62, 0.88);

	/* The timeline: application, then for a bad enterprise the default and what leads to it. */
	t->apply_date = end - rand_days(r, 60, 420);
	x->collapse_from = x->arrears_from = x->cash_from = NEVER;
	x->dip_from = x->dip_to = NEVER;
	if (t->bad) {
		t->default_date = t->apply_date + rand_days(r, 90, 540);
		t->collapse = er_rng_chance(r, 0.6);
		t->arrears = er_rng_chance(r, 0.6);
		if (t->collapse)
			x->collapse_from = t->default_date - rand_days(r, 120, 270);
		if (t->arrears) {
			x->arrears_from = t->default_date - rand_days(r, 90, 240);
			if (x->pay == PAY_AUTODEBIT && er_rng_chance(r, 0.6))
				x->cash_from = x->arrears_from + rand_days(r, 0, 60);
		}
	} else if (er_rng_chance(r, 0.05)) {
		/* A good enterprise's temporary fall (refit, a lost order) that recovers. */
		t->dip = 1;
		x->dip_from = end - rand_days(r, 90, 540);
		x->dip_to = x->dip_from + rand_days(r, 30, 76);
	}

	/* Registered identity. */
	make_uscc(r, x->city->code[x->district], x->uscc_true);
	memcpy(t->uscc, x->uscc_true, sizeof t->uscc);
	if (!t->uscc_valid)
		mistype_uscc(r, t->uscc);
	make_company_name(r, x, x->name, sizeof x->name);
	make_person_name(r, x->legal_rep, sizeof x->legal_rep);
	int apply_year, m_, d_;
	er_date_to_ymd(t->apply_date, &apply_year, &m_, &d_);
	int age = 28 + (int)er_rng_below(r, 35);
	/* Shells are often fronted by a nominee, very young or very old. */
	if (t->shell && er_rng_chance(r, 0.3))
		age = er_rng_chance(r, 0.5) ? 19 + (int)er_rng_below(r, 3) : 68 + (int)er_rng_below(r, 8);
	make_resident_id(r, x->city->code[er_rng_below(r, 4)], apply_year - age, x->rep_id);
	if (er_rng_chance(r, 0.85))
		make_mobile(r, t->shell && er_rng_chance(r, 0.2), x->phone, sizeof x->phone);
	else
		make_landline(r, x->city, x->phone, sizeof x->phone);
	make_address(r, x->city, x->district, x->address, sizeof x->address);
	if (t->shared_contact) {
		char aphone[24], aaddr[192];
		agent_contact(o, e, x->city, (int)er_rng_below(r, 2), aphone, sizeof aphone, aaddr, sizeof aaddr);
		int which = (int)er_rng_below(r, 3); /* 0 phone, 1 address, 2 both */
		if (which != 1)
			memcpy(x->phone, aphone, sizeof aphone);
		if (which != 0)
			memcpy(x->address, aaddr, sizeof aaddr);
	}

	/* Accounts: most enterprises have one, some two or three. */
	t->accounts = er_rng_chance(r, 0.2) ? (er_rng_chance(r, 0.25) ? 3 : 2) : 1;
	build_accounts(r, o, x);

	/* The loan application, as the applicant filled it in. */
	memcpy(x->loan_uscc, x->uscc_true, sizeof x->loan_uscc);
	if (t->loan_uscc_invalid)
		mistype_uscc(r, x->loan_uscc);
	memcpy(x->loan_name, x->name, sizeof x->name);
	memcpy(x->loan_rep, x->legal_rep, sizeof x->legal_rep);
	memcpy(x->loan_phone, x->phone, sizeof x->phone);
	memcpy(x->loan_address, x->address, sizeof x->address);
	if (t->mismatch) {
		int what = (int)er_rng_below(r, 3), also = er_rng_chance(r, 0.3);
		if (what == 0 || also)
			make_mobile(r, 0, x->loan_phone, sizeof x->loan_phone);
		if (what == 1 || (also && what != 1))
			make_person_name(r, x->loan_rep, sizeof x->loan_rep);
		if (what == 2)
			make_company_name(r, x, x->loan_name, sizeof x->loan_name);
	}
	x->app_id[0] = '\0';
	cat(x->app_id, sizeof x->app_id, "LA");
	cat_num(x->app_id, sizeof x->app_id, (unsigned long long)e + 1, 8);
	double amount = x->acc[0].cap0 * er_rng_range(r, 800, 3000) * (t->shell ? er_rng_range(r, 3, 8) : 1.0);
	x->loan_amount = (long long)(amount / 10000.0 + 0.5) * 10000;
	if (x->loan_amount < 100000)
		x->loan_amount = 100000;
	er_day granted = t->apply_date + rand_days(r, 7, 31);
	x->loan_date = granted <= end ? granted : NO_DAY;
}

/* ---- daily use ---- */

/* Simulates account K's daily kWh over the window into KWH[0..ndays-1] (negative:
 * no reading, the account not open). The account's own stream makes it the same for
 * readings and bills. */
static void
simulate(const struct er_synth_opts *o, const struct window *w, const struct enterprise *x, int k, double *kwh)
{
	const struct account *a = &x->acc[k];
	const struct er_synth_truth *t = &x->t;
	struct er_rng r;
	seed_stream(&r, o, x->index, STREAM_SERIES + k);
	double base = a->cap0 * a->hours / 365.0 * a->share;
	double weekend = x->ind->weekend;
	double sd = t->shell ? 0.6 : 0.15;
	double daily_growth = exp(x->growth / 365.25);
	double trend = exp(x->growth * (double)(w->sim_first - w->end) / 365.25);
	er_day coll_from = x->collapse_from, coll_to = t->default_date;
	double coll_len = coll_to > coll_from ? (double)(coll_to - coll_from) : 1.0;
	/* 1970-01-01 was a Thursday: weekday 0 is Monday. */
	int dow = (int)(((w->sim_first + 3) % 7 + 7) % 7);
	for (int i = 0; i < w->ndays; i++, dow = dow == 6 ? 0 : dow + 1, trend *= daily_growth) {
		er_day d = w->sim_first + i;
		/* One draw gives four 16-bit uniforms: their sum is near normal (Irwin-Hall). */
		uint64_t bits = er_rng_next(&r);
		if (d < a->open || d >= a->close) {
			kwh[i] = -1.0;
			continue;
		}
		double n4 = (double)(bits & 0xFFFF) + (double)((bits >> 16) & 0xFFFF) +
			(double)((bits >> 32) & 0xFFFF) + (double)(bits >> 48);
		double v = base * w->season[i] * trend * (dow >= 5 ? weekend : 1.0) *
			(1.0 + sd * 1.7320508 * (n4 / 65536.0 - 2.0));
		if (d >= a->cut_date)
			v *= a->cut_factor;
		if (d >= a->grow_date)
			v *= a->grow_factor;
		if (d >= a->theft_from && d < a->theft_to)
			v *= a->theft_factor;
		if (d >= x->dip_from && d < x->dip_to)
			v *= 0.3;
		if (d >= coll_from) {
			if (d < coll_to)
				v *= 1.0 - 0.95 * (double)(d - coll_from) / coll_len;
			else
				v *= (bits >> 62) ? 0.04 : 0.0;
		}
		if (t->shell && (bits >> 60) < 7)
			v = 0; /* about 44 % of a shell's days have no use at all */
		if ((d >= a->susp_from && d < a->susp_to) || (d >= a->disc_from && d < a->disc_to))
			v = 0;
		kwh[i] = v > 0 ? (double)to_cents(v) / 100.0 : 0.0;
	}
}

/* ---- output ---- */

struct out {
	const struct er_synth_sink *sink;
	int rc;
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (!o->rc)
		o->rc = o->sink->field(o->sink->ctx, s, n);
}

static void
put_str(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void
put_day(struct out *o, er_day d)
{
	char buf[11];
	if (d == NO_DAY || d == NEVER)
		put(o, "", 0);
	else
		put(o, buf, er_date_format(buf, d));
}

static void
put_ull(struct out *o, unsigned long long v)
{
	char buf[24];
	put(o, buf, er_num_format_u64(buf, v));
}

static void
put_cents(struct out *o, long long cents)
{
	char buf[32];
	put(o, buf, fmt_cents(buf, cents));
}

static void
end_row(struct out *o)
{
	if (!o->rc)
		o->rc = o->sink->end_row(o->sink->ctx);
}

static void
header(struct out *o, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_str(o, names[i]);
	end_row(o);
}

static int
write_readings(const struct er_synth_opts *opt, const struct window *w, struct out *o, double *kwh)
{
	struct enterprise x;
	header(o, head_readings[opt->zh], 4);
	for (long long e = 0; e < opt->enterprises && !o->rc; e++) {
		build(opt, e, &x);
		for (int k = 0; k < x.t.accounts && !o->rc; k++) {
			const struct account *a = &x.acc[k];
			simulate(opt, w, &x, k, kwh);
			int i0 = w->first - w->sim_first;
			if (!opt->monthly) {
				const struct er_synth_sink *s = o->sink;
				for (int i = i0; i < w->ndays; i++) {
					if (kwh[i] < 0)
						continue;
					char num[32];
					size_t n = fmt_cents(num, (long long)(kwh[i] * 100.0 + 0.5));
					int rc = s->field(s->ctx, a->id, a->idlen);
					if (!rc)
						rc = s->field(s->ctx, w->dates[i], 10);
					if (!rc)
						rc = s->field(s->ctx, "1", 1);
					if (!rc)
						rc = s->field(s->ctx, num, n);
					if (!rc)
						rc = s->end_row(s->ctx);
					if (rc) {
						o->rc = rc;
						break;
					}
				}
				continue;
			}
			/* Monthly: one reading per calendar month ending at its last day with use,
			 * covering the days the account was open. */
			for (int i = i0; i < w->ndays && !o->rc;) {
				int y, m, dd;
				er_date_to_ymd(w->sim_first + i, &y, &m, &dd);
				int len = er_date_days_in_month(y, m) - dd + 1;
				double sum = 0;
				int days = 0, lastday = -1;
				for (int j = i; j < i + len && j < w->ndays; j++)
					if (kwh[j] >= 0) {
						sum += kwh[j];
						days++;
						lastday = j;
					}
				if (days > 0) {
					put(o, a->id, a->idlen);
					put(o, w->dates[lastday], 10);
					put_ull(o, (unsigned long long)days);
					put_cents(o, to_cents(sum));
					end_row(o);
				}
				i += len;
			}
		}
	}
	return o->rc;
}

/* Capacity of account A on day D, from its events. */
static int
cap_at(const struct account *a, er_day d)
{
	int cap = a->cap0;
	for (int i = 0; i < a->nev; i++)
		if (a->ev[i].date <= d && (a->ev[i].type == EV_CAP_INCREASE || a->ev[i].type == EV_CAP_REDUCTION))
			cap = a->ev[i].cap_after;
	return cap;
}

/* Basic charge per kVA and month of the two-part tariff, for 315 kVA and more. */
#define BASIC_CHARGE_PER_KVA 24.0
#define LATE_FEE_RATE 0.002

static int
write_bills(const struct er_synth_opts *opt, const struct window *w, struct out *o, double *kwh)
{
	struct enterprise x;
	const char *const *pay_names = opt->zh ? pay_zh : pay_en;
	header(o, head_bills[opt->zh], 10);
	for (long long e = 0; e < opt->enterprises && !o->rc; e++) {
		build(opt, e, &x);
		const struct er_synth_truth *t = &x.t;
		for (int k = 0; k < t->accounts && !o->rc; k++) {
			const struct account *a = &x.acc[k];
			struct er_rng r;
			seed_stream(&r, opt, e, STREAM_BILLS + k);
			simulate(opt, w, &x, k, kwh);
			for (int mi = w->bill_first; mi <= w->bill_last && !o->rc; mi++) {
				er_day mfirst = er_date_month_first(mi), mlast = er_date_month_last(mi);
				double sum = 0;
				int present = 0, active = 0;
				for (er_day d = mfirst; d <= mlast; d++) {
					double v = kwh[d - w->sim_first];
					if (v < 0)
						continue;
					present++;
					sum += v;
					if (!(d >= a->susp_from && d < a->susp_to))
						active++;
				}
				/* The draws are made for every month, so one month's outcome never
				 * shifts the next month's. */
				double u_late = er_rng_uniform(&r), u_days = er_rng_uniform(&r);
				double u_part = er_rng_uniform(&r), u_share = er_rng_uniform(&r);
				double u_early = er_rng_uniform(&r);
				if (present == 0)
					continue;
				long long kwh_int = (long long)(sum + 0.5);
				int cap = cap_at(a, mlast);
				double basic =
					cap >= 315 ? cap * BASIC_CHARGE_PER_KVA * active / (mlast - mfirst + 1) : 0;
				long long amount = to_cents(kwh_int * x.price + basic);
				er_day release = mlast + 5, due = mlast + 20;

				/* Late with the enterprise's propensity; in the run-up to a default
				 * more and more so, then not at all. */
				double p_late = x.late_q, mean_late = 6;
				int unpaid = 0, partial = 0;
				if (release >= x.arrears_from) {
					double span = (double)(t->default_date - x.arrears_from);
					double prog = span > 0 ? (double)(release - x.arrears_from) / span : 1;
					prog = prog > 1 ? 1 : prog;
					p_late = 0.5 + 0.5 * prog;
					mean_late = 6 + 40 * prog;
					unpaid = release >= t->default_date && u_part < 0.85;
					partial = !unpaid && u_part < 0.25;
				}
				int late = amount > 0 && u_late < p_late;
				er_day paid = NO_DAY;
				long long paid_amount = amount;
				if (!unpaid) {
					if (late)
						paid = due + 1 + (er_day)(-mean_late * log(1.0 - u_days));
					else
						paid = due - (x.pay == PAY_AUTODEBIT ? 5 : (er_day)(u_early * 14));
					if (paid < release)
						paid = release;
					if (partial)
						paid_amount = (long long)(amount * (0.3 + 0.5 * u_share));
				}
				if (paid != NO_DAY && paid > w->end)
					paid = NO_DAY; /* not paid yet as of the end */
				long long fee = 0;
				er_day fee_to = paid != NO_DAY ? paid : w->end;
				if (fee_to > due)
					fee = (long long)(amount * LATE_FEE_RATE * (fee_to - due) + 0.5);
				int method = x.pay;
				if (release >= x.cash_from)
					method = PAY_CASH;

				char bill_id[40];
				memcpy(bill_id, a->id, a->idlen);
				bill_id[a->idlen] = '-';
				char ym[8];
				er_date_format_month(ym, mi);
				memcpy(bill_id + a->idlen + 1, ym, 4);
				memcpy(bill_id + a->idlen + 5, ym + 5, 2);
				put(o, a->id, a->idlen);
				put(o, bill_id, a->idlen + 7);
				put(o, ym, 7);
				put_ull(o, (unsigned long long)kwh_int);
				put_cents(o, amount);
				put_day(o, due);
				put_day(o, paid);
				if (paid == NO_DAY)
					put(o, "", 0);
				else
					put_cents(o, paid_amount);
				put_cents(o, fee);
				put_str(o, paid == NO_DAY ? "" : pay_names[method]);
				end_row(o);
			}
		}
	}
	return o->rc;
}

struct inspection {
	er_day date;
	int finding;
	long long back_kwh, back_cents, penalty_cents; /* -1: empty */
	er_day close_date;                             /* NO_DAY: open */
};

#define MAX_INSPECTIONS 24

static void
add_inspection(struct inspection *list, int *n, er_day date, int finding, long long back_kwh, long long back_cents,
               long long penalty_cents, er_day close_date, er_day end)
{
	if (*n == MAX_INSPECTIONS || date > end)
		return;
	struct inspection *p = &list[(*n)++];
	p->date = date;
	p->finding = finding;
	p->back_kwh = back_kwh;
	p->back_cents = back_cents;
	p->penalty_cents = penalty_cents;
	p->close_date = close_date != NO_DAY && close_date <= end ? close_date : NO_DAY;
}

static int
write_inspections(const struct er_synth_opts *opt, struct out *o)
{
	struct enterprise x;
	header(o, head_inspections[opt->zh], 9);
	const char *const *finding = opt->zh ? finding_zh : finding_en;
	const char *const *cases = opt->zh ? case_zh : case_en;
	er_day end = opt->end;
	for (long long e = 0; e < opt->enterprises && !o->rc; e++) {
		build(opt, e, &x);
		for (int k = 0; k < x.t.accounts && !o->rc; k++) {
			const struct account *a = &x.acc[k];
			struct er_rng r;
			seed_stream(&r, opt, e, STREAM_INSP + k);
			struct inspection list[MAX_INSPECTIONS];
			int n = 0;
			/* Routine inspections roughly once a year, over the last five years. */
			er_day from = a->open > end - 1826 ? a->open : end - 1826;
			er_day stop = a->close < end ? a->close : end;
			for (er_day d = from + rand_days(&r, 30, 400); d <= stop; d += rand_days(&r, 300, 540))
				add_inspection(list, &n, d, FIND_NONE, -1, -1, -1, d, end);
			double daily = a->cap0 * a->hours / 365.0 * a->share;
			if (a->theft_from != NEVER) {
				/* Back-billed: the use the meter missed; penalty 3x the back charge. */
				long long back =
					(long long)(daily * (1.0 - a->theft_factor) * (a->theft_to - a->theft_from));
				long long back_cents = to_cents(back * x.price);
				add_inspection(list, &n, a->theft_to, FIND_THEFT, back, back_cents, 3 * back_cents,
				               a->theft_to + rand_days(&r, 15, 91), end);
			}
			if (a->violation_date != NO_DAY)
				add_inspection(list, &n, a->violation_date, FIND_VIOLATION, -1, -1,
				               (long long)a->violation_kva * 50 * 100,
				               a->violation_date + rand_days(&r, 10, 41), end);
			if (a->fault_date != NO_DAY) {
				long long back = (long long)(daily * rand_days(&r, 3, 30));
				add_inspection(list, &n, a->fault_date, FIND_METER_FAULT, back,
				               to_cents(back * x.price), -1, a->fault_date + rand_days(&r, 1, 15), end);
			}
			for (int i = 1; i < n; i++) {
				struct inspection v = list[i];
				int j = i;
				while (j > 0 && list[j - 1].date > v.date) {
					list[j] = list[j - 1];
					j--;
				}
				list[j] = v;
			}
			for (int i = 0; i < n && !o->rc; i++) {
				const struct inspection *p = &list[i];
				char case_id[40];
				memcpy(case_id, a->id, a->idlen);
				memcpy(case_id + a->idlen, "-J", 2);
				size_t cl = a->idlen + 2;
				case_id[cl++] = (char)('0' + (i + 1) / 10);
				case_id[cl++] = (char)('0' + (i + 1) % 10);
				put(o, a->id, a->idlen);
				put(o, case_id, cl);
				put_day(o, p->date);
				put_str(o, finding[p->finding]);
				if (p->back_kwh < 0)
					put(o, "", 0);
				else
					put_ull(o, (unsigned long long)p->back_kwh);
				if (p->back_cents < 0)
					put(o, "", 0);
				else
					put_cents(o, p->back_cents);
				if (p->penalty_cents < 0)
					put(o, "", 0);
				else
					put_cents(o, p->penalty_cents);
				put_str(o, cases[p->close_date != NO_DAY]);
				put_day(o, p->close_date);
				end_row(o);
			}
		}
	}
	return o->rc;
}

static int
write_accounts(const struct er_synth_opts *opt, struct out *o)
{
	struct enterprise x;
	header(o, head_accounts[opt->zh], 11);
	const char *const *status = opt->zh ? status_zh : status_en;
	for (long long e = 0; e < opt->enterprises && !o->rc; e++) {
		build(opt, e, &x);
		for (int k = 0; k < x.t.accounts && !o->rc; k++) {
			const struct account *a = &x.acc[k];
			put(o, a->id, a->idlen);
			put(o, x.t.uscc, 18);
			put_str(o, x.name);
			put_str(o, x.legal_rep);
			put(o, x.rep_id, 18);
			put_str(o, x.phone);
			put_str(o, x.address);
			put_str(o, opt->zh ? x.ind->zh : x.ind->code);
			put_ull(o, (unsigned long long)a->cap_end);
			put_day(o, a->open);
			put_str(o, status[a->status]);
			end_row(o);
		}
	}
	return o->rc;
}

static int
write_events(const struct er_synth_opts *opt, struct out *o)
{
	struct enterprise x;
	header(o, head_events[opt->zh], 7);
	const char *const *types = opt->zh ? event_zh : event_en;
	for (long long e = 0; e < opt->enterprises && !o->rc; e++) {
		build(opt, e, &x);
		for (int k = 0; k < x.t.accounts && !o->rc; k++) {
			const struct account *a = &x.acc[k];
			for (int i = 0; i < a->nev && !o->rc; i++) {
				const struct event *ev = &a->ev[i];
				char id[40];
				memcpy(id, a->id, a->idlen);
				memcpy(id + a->idlen, "-E", 2);
				size_t il = a->idlen + 2;
				id[il++] = (char)('0' + (i + 1) / 10);
				id[il++] = (char)('0' + (i + 1) % 10);
				put(o, a->id, a->idlen);
				put(o, id, il);
				put_day(o, ev->date);
				put_str(o, types[ev->type]);
				if (ev->cap_before)
					put_ull(o, (unsigned long long)ev->cap_before);
				else
					put(o, "", 0);
				if (ev->cap_after || ev->type == EV_CLOSE)
					put_ull(o, (unsigned long long)ev->cap_after);
				else
					put(o, "", 0);
				put_day(o, ev->end_date);
				end_row(o);
			}
		}
	}
	return o->rc;
}

static int
write_loans(const struct er_synth_opts *opt, struct out *o)
{
	struct enterprise x;
	header(o, head_loans[opt->zh], 9);
	for (long long e = 0; e < opt->enterprises && !o->rc; e++) {
		build(opt, e, &x);
		put_str(o, x.app_id);
		put(o, x.loan_uscc, 18);
		put_str(o, x.loan_name);
		put_str(o, x.loan_rep);
		put_str(o, x.loan_phone);
		put_str(o, x.loan_address);
		put_day(o, x.t.apply_date);
		put_day(o, x.loan_date);
		put_ull(o, (unsigned long long)x.loan_amount);
		end_row(o);
	}
	return o->rc;
}

static int
write_labels(const struct er_synth_opts *opt, struct out *o)
{
	struct enterprise x;
	header(o, head_labels[opt->zh], 3);
	for (long long e = 0; e < opt->enterprises && !o->rc; e++) {
		build(opt, e, &x);
		put(o, x.t.uscc, 18);
		put(o, x.t.bad ? "1" : "0", 1);
		put_day(o, x.t.apply_date);
		end_row(o);
	}
	return o->rc;
}

void
er_synth_opts_init(struct er_synth_opts *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
	o->enterprises = 100;
	o->days = 730;
	o->months = 36;
	o->end = er_date_from_ymd(2024, 6, 30);
}

int
er_synth_check(const struct er_synth_opts *o, char *err)
{
	if (o->enterprises < 1 || o->enterprises > ER_SYNTH_MAX_ENTERPRISES)
		return er_fail(err, ER_EUSAGE, "enterprises must be 1 to %lld", ER_SYNTH_MAX_ENTERPRISES);
	if (o->days < 1 || o->days > ER_SYNTH_MAX_DAYS)
		return er_fail(err, ER_EUSAGE, "days must be 1 to %d", ER_SYNTH_MAX_DAYS);
	if (o->months < 1 || o->months > ER_SYNTH_MAX_MONTHS)
		return er_fail(err, ER_EUSAGE, "months must be 1 to %d", ER_SYNTH_MAX_MONTHS);
	/* Accounts open up to about 15 years before the end; keep every date in 1900..9999. */
	er_day first, last;
	window_bounds(o, &first, &last);
	if (first - 6000 < er_date_from_ymd(1900, 1, 1) || o->end > er_date_from_ymd(9998, 12, 31))
		return er_fail(err, ER_EUSAGE, "dates would fall outside the years 1900 to 9999");
	return 0;
}

void
er_synth_truth_get(const struct er_synth_opts *o, long long e, struct er_synth_truth *t)
{
	struct enterprise x;
	build(o, e, &x);
	*t = x.t;
}

int
er_synth_write(const struct er_synth_opts *o, enum er_kind kind, const struct er_synth_sink *sink, char *err)
{
	struct window w;
	int rc = window_init(&w, o, err);
	if (rc)
		return rc;
	double *kwh = malloc((size_t)w.ndays * sizeof *kwh);
	if (!kwh) {
		window_free(&w);
		return er_fail(err, ER_ENOMEM, "out of memory for %d days", w.ndays);
	}
	struct out out = {sink, 0};
	switch (kind) {
	case ER_KIND_READINGS: rc = write_readings(o, &w, &out, kwh); break;
	case ER_KIND_BILLS: rc = write_bills(o, &w, &out, kwh); break;
	case ER_KIND_INSPECTIONS: rc = write_inspections(o, &out); break;
	case ER_KIND_ACCOUNTS: rc = write_accounts(o, &out); break;
	case ER_KIND_EVENTS: rc = write_events(o, &out); break;
	case ER_KIND_LOANS: rc = write_loans(o, &out); break;
	case ER_KIND_LABELS: rc = write_labels(o, &out); break;
	default: rc = er_fail(err, ER_EUSAGE, "no such table"); break;
	}
	free(kwh);
	window_free(&w);
	return rc;
}
