// Fixed view models for the golden screenshots: one resident's session, and the cases that put
// each screen (and each of its states that looks different) on display.
#pragma once

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "toolkit/view_model.h"

namespace yiwang::golden {

// Everything a session can show, filled once; each case picks the screen and its state.
// A signature as a finger gives it on the commitment's pad (900x300): the strokes of
// tests/data/signature/resident.strokes.
inline std::vector<ui::PenStroke> signature_ink() {
  std::vector<ui::PenStroke> ink(4);
  for (int i = 0; i < 45; ++i)
    ink[0].push_back({120 + i * 6, static_cast<int>(150 - 40 * std::sin(i / 4.0))});
  for (int t = 0; t < 50; ++t)
    ink[1].push_back({static_cast<int>(420 + 60 * std::cos(t / 8.0)),
                      static_cast<int>(140 + 50 * std::sin(t / 8.0))});
  for (int i = 0; i < 40; ++i)
    ink[2].push_back(
        {520 + i * 7, static_cast<int>(170 - 60 * std::sin(i / 5.0) * std::exp(-i / 60.0))});
  for (int i = 0; i < 55; ++i)
    ink[3].push_back({140 + i * 12, static_cast<int>(235 + 4 * std::sin(i / 3.0))});
  return ink;
}

inline ui::ViewModel base_model() {
  ui::ViewModel m;
  m.site_name = {"文昌市政务服务中心 24小时自助服务区", "Wenchang Government Service Centre"};
  m.link_since = "09:30";
  m.devices = {{"idcard", "online"}, {"receipt", "online"}, {"scanner", "online"}};
  m.display_name = "张*三";
  m.categories = {{"hh", {"户籍办理", "Household registration"}},
                  {"sb", {"社会保障", "Social security"}},
                  {"yl", {"医疗保障", "Medical insurance"}},
                  {"jy", {"教育服务", "Education"}},
                  {"zf", {"住房保障", "Housing"}},
                  {"cl", {"车辆驾驶", "Vehicles"}},
                  {"qy", {"企业开办", "Starting a business"}},
                  {"ny", {"农业农村", "Agriculture"}},
                  {"mz", {"民政服务", "Civil affairs"}}};
  m.category = "sb";

  ui::ItemView apply;
  apply.code = "SB-0001";
  apply.name = {"社会保障卡补领", "Social security card replacement"};
  apply.department = {"文昌市人力资源和社会保障局", "Wenchang HRSS Bureau"};
  apply.mode = "apply";
  apply.conditions = {{"本市参保人员，社会保障卡遗失或损坏", "Insured here; card lost or damaged"}};
  apply.materials = {{"M1", {"居民身份证", "Resident ID card"}, true, true, 1},
                     {"M2", {"近期免冠照片", "Recent photo"}, true, false, 1}};
  apply.legal_limit_days = 20;
  apply.promised_limit_days = 5;
  apply.fee_fen = 1000;
  apply.fee_basis = {"工本费", "Card fee"};
  apply.delivery = {"pickup", "express"};
  apply.offline_allowed = true;
  apply.has_commitment = true;
  apply.commitment_text = {"本人承诺所填信息真实有效，如有虚假愿承担相应责任。",
                           "I declare the information is true and accept responsibility."};

  ui::ItemView guide_only;
  guide_only.code = "SB-0002";
  guide_only.name = {"失业保险金申领", "Unemployment benefit"};
  guide_only.department = apply.department;
  guide_only.mode = "guide_only";
  guide_only.conditions = {{"非因本人意愿中断就业", "Lost work involuntarily"}};
  guide_only.where = {"政务服务中心二楼 12号窗口，工作日 9:00-17:00",
                      "Service centre, 2nd floor, counter 12, weekdays 9:00-17:00"};

  ui::ItemView certificate;
  certificate.code = "SB-0003";
  certificate.name = {"参保证明打印", "Print insurance certificate"};
  certificate.department = apply.department;
  certificate.mode = "print_certificate";

  m.items = {apply, guide_only, certificate};
  for (int i = 4; i <= 6; ++i) {
    ui::ItemView more = apply;
    more.code = "SB-000" + std::to_string(i);
    more.name = {"养老保险待遇申领 " + std::to_string(i), "Pension claim " + std::to_string(i)};
    m.items.push_back(more);
  }
  m.item = apply;

  m.fields = {
      {"name", {"姓名", "Name"}, "text", "张*三", true, false, true, {}, {}, ""},
      {"id_number",
       {"身份证号", "ID number"},
       "id_number",
       "4601**********0012",
       true,
       false,
       true,
       {},
       {},
       ""},
      {"phone", {"联系电话", "Phone"}, "phone", "13800138000", false, true, true, {}, {}, ""},
      {"reason",
       {"补领原因", "Reason"},
       "select",
       "遗失",
       false,
       false,
       true,
       {},
       {{"lost", {"遗失", "Lost"}}, {"damaged", {"损坏", "Damaged"}}},
       "lost"}};
  m.delivery = "pickup";
  m.commitment_accepted = true;
  m.signature.ink = signature_ink();
  m.signature.enough_ink = true;
  m.signature.done = true;
  m.missing_materials = {"近期免冠照片"};
  m.material_choices = {{"M2", "on_site"}};

  m.receipt = {true, "HN2026113000000001", "",   "2026-12-05", apply.name,
               true, "receipt.take_slip",  true, 1000,         0};
  m.payment = {"pending", "HN2026113000000001", apply.name, 1000, apply.fee_basis, {}, 873};
  // A fixed pattern of modules (the screen only draws what it is given).
  m.payment.qr.size = 29;
  m.payment.qr.dark.assign(29 * 29, 0);
  for (int i = 0; i < 29 * 29; ++i) {
    m.payment.qr.dark[static_cast<std::size_t>(i)] = ((i * 7 + i / 29) % 5) < 2 ? 1 : 0;
  }
  m.certificates.list = {
      {"C1", {"户籍证明", "Household certificate"}, {"文昌市公安局", "Police"}, "2026-11-01"},
      {"C2", {"参保证明", "Insurance certificate"}, {"人社局", "HRSS"}, "2026-10-01"}};
  ui::CaseView c;
  c.case_id = "HN2026113000000001";
  c.item_name = apply.name;
  c.status = "correction_required";
  c.updated_at = "2026-11-30T15:00:00+08:00";
  c.promised_by = "2026-12-05";
  c.history = {{"2026-11-30T09:30:00+08:00", "submitted", {}},
               {"2026-11-30T09:31:00+08:00", "accepted", {"材料齐全，已受理", "Accepted"}},
               {"2026-11-30T15:00:00+08:00",
                "correction_required",
                {"请补交户口簿", "Please bring the household register"}}};
  ui::CaseView done = c;
  done.case_id = "HN2026112000000042";
  done.item_name = {"参保证明打印", "Insurance certificate"};
  done.status = "completed";
  done.history.resize(2);
  m.progress.cases = {c, done};
  m.evaluation_level = 0;
  return m;
}

// The form with the address focused and its text keyboard in `mode` (issue 13).
inline void typing(ui::ViewModel& m, const char* mode) {
  m.screen = ui::ScreenId::form;
  for (auto& field : m.fields) field.focused = false;
  ui::FieldView address;
  address.key = "address";
  address.label = {"居住地址", "Address"};
  address.type = "address";
  address.display_value = "北京市东城区景山前街4号";
  address.focused = true;
  address.required = true;
  m.fields.insert(m.fields.begin() + 2, address);
  m.keyboard.mode = mode;
}

// 张 as written on the pad (tests/data/handwriting/zhang.strokes).
inline std::vector<ui::PenStroke> zhang_ink() {
  return {{{62, 61}, {76, 61}, {105, 54}, {111, 55}, {114, 58}, {117, 62}, {106, 93}, {98, 98}},
          {{72, 117}, {76, 112}, {97, 106}, {115, 106}},
          {{54, 104},
           {62, 113},
           {63, 123},
           {56, 157},
           {70, 158},
           {88, 153},
           {98, 153},
           {104, 154},
           {111, 161},
           {102, 216},
           {95, 236},
           {90, 244},
           {80, 252},
           {50, 233}},
          {{216, 58}, {220, 66}, {221, 73}, {198, 98}, {185, 109}, {177, 112}},
          {{127, 145}, {143, 146}, {189, 136}, {230, 129}, {242, 129}, {258, 133}},
          {{149, 41},
           {159, 48},
           {163, 52},
           {163, 55},
           {164, 130},
           {162, 203},
           {159, 232},
           {161, 246},
           {172, 241},
           {202, 215}},
          {{172, 148}, {176, 151}, {207, 186}, {240, 215}, {278, 221}}};
}

// The form with a field of `type` focused (issue 13's editors): a date of birth, the address on
// the region cascade or with its street typed, the materials checklist.
inline void editing(ui::ViewModel& m, const std::string& type) {
  m.screen = ui::ScreenId::form;
  for (auto& field : m.fields) field.focused = false;
  ui::FieldView field;
  field.type = type;
  field.focused = true;
  field.required = true;
  if (type == "date") {
    field.key = "birth_date";
    field.label = {"出生日期", "Date of birth"};
    field.display_value = "1952-03-14";
    m.date = {"1952-03-14", true, "1900-01-01", "2026-12-01"};
  } else if (type == "address") {
    field.key = "address";
    field.label = {"居住地址", "Home address"};
    field.display_value = "海南省海口市美兰区";
    m.region.path = {{"460000", "海南省"}, {"460100", "海口市"}};
    m.region.chosen = "460100";
    m.region.open = true;
    m.region.up = "all";
    m.region.change = "460000";
    m.region.choices = {
        {"460105", "秀英区"}, {"460106", "龙华区"}, {"460107", "琼山区"}, {"460108", "美兰区"}};
  } else {
    field.key = "materials";
    field.label = {"申请材料", "Materials"};
    field.required = false;
    field.display_value = "1 项平台共享，1 项窗口提交";
  }
  m.fields.insert(m.fields.begin() + 2, field);
}

// The review with express delivery: its address and phone from the form, editable.
inline void express(ui::ViewModel& m) {
  m.screen = ui::ScreenId::review;
  m.delivery = "express";
  m.material_choices = {{"M2", "later"}};
  m.fields.push_back({"delivery.address",
                      {"寄送地址", "Delivery address"},
                      "address",
                      "海南省海口市美兰区海甸五西路28号",
                      false,
                      false,
                      true,
                      {},
                      {},
                      ""});
  m.fields.push_back({"delivery.phone",
                      {"收件人电话", "Recipient's phone"},
                      "phone",
                      "13800138000",
                      false,
                      false,
                      true,
                      {},
                      {},
                      ""});
}

struct ScreenCase {
  std::string name;
  std::function<void(ui::ViewModel&)> adjust;
};

inline std::vector<ScreenCase> screen_cases() {
  using ui::ScreenId;
  return {
      {"attract", [](ui::ViewModel& m) { m.screen = ScreenId::attract; }},
      {"attract-link-down",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::attract;
         m.link_up = false;
         m.link = "down";
         m.link_reason = "timeout";
         m.pending = 2;
         m.oldest_pending = "09:12";
       }},
      {"identify", [](ui::ViewModel& m) { m.screen = ScreenId::identify; }},
      {"identify-card-expired",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::identify;
         m.notice_key = "identify.card_expired";
         m.notice_is_error = true;
       }},
      {"catalog", [](ui::ViewModel& m) { m.screen = ScreenId::catalog; }},
      {"catalog-search",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::catalog;
         m.search_open = true;
         m.search_query = "SBK";
         m.results = {m.items[0], m.items[3]};
       }},
      {"catalog-no-results",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::catalog;
         m.search_open = true;
         m.search_query = "XQZ";
       }},
      {"guide", [](ui::ViewModel& m) { m.screen = ScreenId::guide; }},
      {"guide-only",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::guide;
         m.item = m.items[1];
       }},
      {"form", [](ui::ViewModel& m) { m.screen = ScreenId::form; }},
      {"form-problems",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::form;
         m.fields[2].error = {"手机号码应为11位数字", "A phone number has 11 digits"};
         m.form_problems = {{"该事项今日受理已满", "No more applications today"}};
         m.notice_key = "notice.fix_fields";
         m.notice_is_error = true;
       }},
      {"form-keyboard-pinyin",
       [](ui::ViewModel& m) {
         typing(m, "pinyin");
         m.keyboard.preedit = "bei jing shi";
         m.keyboard.candidates = {"北京市", "北京", "背景", "背静", "被", "北", "背", "倍"};
         m.keyboard.has_next_page = true;
       }},
      {"form-keyboard-rare",
       [](ui::ViewModel& m) {
         typing(m, "pinyin");
         m.keyboard.preedit = "yan";
         m.keyboard.candidates = {"燕", "䶮", "晏", "彦", "艳", "宴", "验", "雁"};
         m.keyboard.has_previous_page = true;
         m.keyboard.has_next_page = true;
       }},
      {"form-keyboard-hand",
       [](ui::ViewModel& m) {
         typing(m, "hand");
         m.keyboard.ink = zhang_ink();
         m.keyboard.candidates = {"张", "驳", "饫", "兮", "沃", "规", "妖", "已"};
         m.keyboard.has_next_page = true;
       }},
      {"form-keyboard-abc", [](ui::ViewModel& m) { typing(m, "abc"); }},
      {"form-keyboard-123", [](ui::ViewModel& m) { typing(m, "123"); }},
      {"form-keyboard-loading",
       [](ui::ViewModel& m) {
         typing(m, "pinyin");
         m.keyboard.engine_ready = false;
       }},
      {"form-date", [](ui::ViewModel& m) { editing(m, "date"); }},
      {"form-date-proposed",
       [](ui::ViewModel& m) {
         editing(m, "date");
         m.fields[2].display_value.clear();
         m.date = {"2026-12-01", false, "1900-01-01", "2026-12-01"};
       }},
      {"form-select",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::form;
         for (auto& field : m.fields) field.focused = field.key == "reason";
       }},
      {"form-region", [](ui::ViewModel& m) { editing(m, "address"); }},
      {"form-region-provinces",
       [](ui::ViewModel& m) {
         editing(m, "address");
         m.fields[2].display_value.clear();
         m.region = {};
         m.region.open = true;
         m.region.pages = 2;
         m.region.change = "all";
         for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{
                  {"110000", "北京市"}, {"120000", "天津市"},         {"130000", "河北省"},
                  {"140000", "山西省"}, {"150000", "内蒙古自治区"},   {"210000", "辽宁省"},
                  {"220000", "吉林省"}, {"230000", "黑龙江省"},       {"310000", "上海市"},
                  {"320000", "江苏省"}, {"330000", "浙江省"},         {"340000", "安徽省"},
                  {"350000", "福建省"}, {"360000", "江西省"},         {"370000", "山东省"},
                  {"410000", "河南省"}, {"420000", "湖北省"},         {"430000", "湖南省"},
                  {"440000", "广东省"}, {"450000", "广西壮族自治区"}, {"460000", "海南省"},
                  {"500000", "重庆市"}, {"510000", "四川省"},         {"520000", "贵州省"}})
           m.region.choices.push_back({code, name});
       }},
      {"form-address-street",
       [](ui::ViewModel& m) {
         editing(m, "address");
         m.fields[2].display_value = "海南省海口市美兰区海甸五西路";
         m.region.open = false;
         m.region.path.push_back({"460108", "美兰区"});
         m.region.chosen = "460108";
         m.region.change = "460100";
         m.region.choices.clear();
         m.keyboard.mode = "pinyin";
       }},
      {"form-materials", [](ui::ViewModel& m) { editing(m, "materials"); }},
      {"form-field-problems",
       [](ui::ViewModel& m) {
         // The platform's 422 on the new fields, all at once (一次性告知).
         editing(m, "date");
         m.fields[2].error = {"日期超出可选范围", "The date is out of range"};
         ui::FieldView address;
         address.key = "address";
         address.label = {"居住地址", "Home address"};
         address.type = "address";
         address.display_value = "海南省海口市";
         address.error = {"请选到区县一级", "Choose down to the district"};
         m.fields.insert(m.fields.begin() + 3, address);
         m.notice_key = "notice.fix_fields";
         m.notice_is_error = true;
       }},
      {"review", [](ui::ViewModel& m) { m.screen = ScreenId::review; }},
      {"review-express", [](ui::ViewModel& m) { express(m); }},
      {"review-unsigned",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::review;
         m.commitment_accepted = false;
         m.signature = {};
       }},
      {"sign",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::sign;
         m.commitment_accepted = false;
         m.signature = {};
       }},
      {"sign-signed", [](ui::ViewModel& m) { m.screen = ScreenId::sign; }},
      {"sign-elder",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::sign;
         m.elder_mode = true;
       }},
      {"submitting", [](ui::ViewModel& m) { m.screen = ScreenId::submitting; }},
      {"receipt", [](ui::ViewModel& m) { m.screen = ScreenId::receipt; }},
      {"receipt-offline",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::receipt;
         m.receipt.online = false;
         m.receipt.case_id.clear();
         m.receipt.local_id = "T4601050001-20261130-0001";
         m.link_up = false;
         m.link = "down";
         m.pending = 1;
       }},
      {"receipt-paper-out",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::receipt;
         m.receipt.printed = false;
         m.receipt.print_problem_key = "receipt.paper_out";
         m.devices["receipt"] = "paper_out";
       }},
      {"receipt-paid",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::receipt;
         m.receipt.paid_fen = 1000;
       }},
      {"evaluate",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::evaluate;
         m.evaluation_level = 2;
         m.evaluation_reasons = {"long_wait"};
       }},
      {"goodbye", [](ui::ViewModel& m) { m.screen = ScreenId::goodbye; }},
      {"certificates", [](ui::ViewModel& m) { m.screen = ScreenId::certificates; }},
      {"certificates-printing",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::certificates;
         m.certificates.printing_id = "C1";
         m.certificates.message_key = "certificates.printing";
       }},
      {"out-of-service",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::out_of_service;
         m.link = "disabled";
       }},
      {"maintenance-pin",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::maintenance_pin;
         m.maintenance.pin_length = 3;
       }},
      {"maintenance-pin-locked",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::maintenance_pin;
         m.maintenance.message_key = "maint.pin.locked";
         m.maintenance.message_detail = "10:45";
         m.maintenance.message_error = true;
       }},
      {"maintenance",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::maintenance;
         m.maintenance.audit_key = "maint.audit.intact";
         m.maintenance.audit_detail = "128";
       }},
      // Issue 16: the self-test's results as they come, then ended with a failure.
      {"maintenance-selftest-running",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::maintenance;
         m.maintenance.self_test_running = true;
         m.maintenance.self_test = {{"receipt", "passed", "selftest.receipt.printed", "", 1210},
                                    {"certificate", "running", "", "", -1},
                                    {"idcard", "running", "", "", -1},
                                    {"scanner", "running", "", "", -1},
                                    {"voice", "passed", "selftest.voice.played", "2080 ms", 140}};
       }},
      {"maintenance-selftest-done",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::maintenance;
         m.devices["receipt"] = "paper_out";
         m.maintenance.self_test = {
             {"receipt", "failed", "selftest.not_printed", "paper_out", 830},
             {"certificate", "passed", "selftest.certificate.printed", "", 5120},
             {"idcard", "untested", "selftest.idcard.place_card", "", 90000},
             {"scanner", "passed", "selftest.scanner.test_code", "", 21400},
             {"voice", "passed", "selftest.voice.played", "2080 ms", 140}};
       }},
      // What residents see of devices in trouble: the reader down (an e-ID code instead) and
      // the receipt printer out of paper, never the technician's queue counts.
      {"attract-devices-down",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::attract;
         m.devices["idcard"] = "noDevice";
         m.devices["receipt"] = "paper_out";
         m.pending = 3;
         m.dead = 1;
       }},
      {"diagnostics",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::diagnostics;
         m.pending = 1;
         m.dead = 1;
         m.oldest_pending = "09:12";
         auto& d = m.diagnostics;
         d.facts = {{"diag.disk", "5120 MB"},
                    {"diag.database", "412 KiB"},
                    {"diag.certificate", "2027-11-30 09:00"},
                    {"diag.versions", "kiosk 0.1.0 · SQLite 3.40.1 · OpenSSL 3.0.15"}};
         d.link_history = {"2026-11-30 09:30  up", "2026-11-30 09:12  down  timeout"};
         d.dead_letters = {{7, "application", "T4601050001-20261130-0001", "2026-11-30 09:05",
                            "422 invalid_fields: Invalid (form.phone invalid_format)"}};
         d.receipts = {"T4601050001-20261130-0001  2026-11-30 09:06"};
         d.device_errors = {"receipt  2026-11-30 09:20  paper_out"};
         d.log_lines = {"2026-11-30T09:30:00+08:00 INFO sync: link up",
                        "2026-11-30T09:30:01+08:00 INFO flow: maintenance mode entered"};
       }},
      // The first-boot wizard: waiting for the code, an enrollment refused (which step, what to
      // check), the self-test under way, ready; and the re-enroll step of an expired certificate.
      {"provisioning-scan",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::provisioning;
         m.link = "down";
         m.link_reason = "status.reason.not_enrolled";
         m.provisioning = {};
       }},
      {"provisioning-error",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::provisioning;
         m.link = "down";
         m.link_reason = "status.reason.not_enrolled";
         m.provisioning = {};
         m.provisioning.error_step = "enroll";
         m.provisioning.error_key = "prov.error.wrong_ca";
       }},
      {"provisioning-selftest",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::provisioning;
         m.provisioning = {};
         m.provisioning.step = "selftest";
         m.provisioning.terminal_id = "T4601050001";
         m.maintenance.self_test = {{"receipt", "passed", "selftest.receipt.printed", "", 1210},
                                    {"idcard", "running", "", "", -1},
                                    {"scanner", "running", "", "", -1},
                                    {"voice", "passed", "selftest.voice.played", "2080 ms", 140}};
       }},
      {"provisioning-ready",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::provisioning;
         m.provisioning = {};
         m.provisioning.step = "ready";
         m.provisioning.terminal_id = "T4601050001";
         m.provisioning.self_test_ok = true;
         m.provisioning.pin_set = true;
         m.maintenance.self_test = {{"receipt", "passed", "selftest.receipt.printed", "", 1210},
                                    {"idcard", "passed", "selftest.idcard.read", "", 5230},
                                    {"scanner", "passed", "selftest.scanner.test_code", "", 9120},
                                    {"voice", "passed", "selftest.voice.played", "2080 ms", 140}};
       }},
      {"provisioning-reenroll",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::provisioning;
         m.link = "held";
         m.link_reason = "status.reason.certificate_expired";
         m.provisioning = {};
         m.provisioning.reenroll = true;
       }},
      // The display's one setting: rotation chosen, and a calibration's second target.
      {"display",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::display_setup;
         m.display = {};
         m.display.rotation = 90;
         m.display.calibrated = true;
         m.display.message_key = "display.rotated";
       }},
      {"display-calibrating",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::display_setup;
         m.display = {};
         m.display.calibrating = 1;
         m.display.target_x = 1728;
         m.display.target_y = 540;
       }},
      // 帮办: what the resident needs help with (above the screen, modal), then staff told (and
      // when they come); offline, the 12345 hotline and the hours.
      {"help-choose",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::form;
         m.help.stage = "choosing";
       }},
      {"help-sent",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::guide;
         m.help.stage = "sent";
         m.help.eta_minutes = 5;
       }},
      {"help-offline",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::attract;
         m.display_name.clear();
         m.link_up = false;
         m.link = "down";
         m.help.stage = "offline";
         m.help.hours_from = "08:30";
         m.help.hours_to = "17:30";
       }},
      {"payment", [](ui::ViewModel& m) { m.screen = ScreenId::payment; }},
      {"payment-expired",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::payment;
         m.payment.stage = "expired";
         m.payment.seconds_left = 0;
       }},
      {"payment-needs-link",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::payment;
         m.payment.stage = "needs_link";
         m.link_up = false;
         m.link = "down";
       }},
      {"progress-cases", [](ui::ViewModel& m) { m.screen = ScreenId::progress; }},
      {"progress-case",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::progress;
         m.progress.selected = 0;
       }},
      {"progress-queued",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::progress;
         m.progress.cases.clear();
         m.progress.queued_local_id = "T4601050001-20261130-0001";
         m.progress.queued_minutes = 12;
       }},
      {"catalog-browsing",  // nobody identified: the catalog and guides are read freely
       [](ui::ViewModel& m) {
         m.screen = ScreenId::catalog;
         m.display_name.clear();
       }},
      {"catalog-search-word",  // a Chinese word chip tapped
       [](ui::ViewModel& m) {
         m.screen = ScreenId::catalog;
         m.display_name.clear();
         m.search_open = true;
         m.search_query = "社保";
         m.results = {m.items[0], m.items[1], m.items[2]};
       }},
      {"progress-completed",  // not rated yet: 好差评 offered
       [](ui::ViewModel& m) {
         m.screen = ScreenId::progress;
         m.progress.selected = 1;
       }},
      {"progress-rated",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::progress;
         m.progress.cases[1].rated = true;
         m.progress.selected = 1;
       }},
      {"progress-card-queued",  // by card: one still in this kiosk's outbox, above the platform's
       [](ui::ViewModel& m) {
         m.screen = ScreenId::progress;
         ui::CaseView queued;
         queued.local_id = "T4601050001-20261130-0002";
         queued.item_name = {"户籍证明开具", "Household certificate"};
         queued.status = "queued";
         queued.updated_at = "2026-11-30 16:05";
         m.progress.cases.insert(m.progress.cases.begin(), queued);
       }},
      {"progress-queued-detail",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::progress;
         ui::CaseView queued;
         queued.local_id = "T4601050001-20261130-0002";
         queued.item_name = {"户籍证明开具", "Household certificate"};
         queued.status = "queued";
         m.progress.cases = {queued};
         m.progress.selected = 0;
       }},
      {"progress-fee-due",  // paid later: the fee still due, as the platform says
       [](ui::ViewModel& m) {
         m.screen = ScreenId::progress;
         m.progress.cases[0].status = "accepted";
         m.progress.cases[0].history.resize(2);
         m.progress.cases[0].fee_fen = 1000;
         m.progress.selected = 0;
       }},
      {"progress-fee-paid",  // then paid through another channel (a counter)
       [](ui::ViewModel& m) {
         m.screen = ScreenId::progress;
         ui::CaseView& c = m.progress.cases[0];
         c.status = "accepted";
         c.history.resize(2);
         c.history.push_back({"2026-11-30T16:20:00+08:00",
                              "accepted",
                              {"费用已通过窗口缴纳", "Fee paid (counter)"}});
         c.fee_fen = 1000;
         c.fee_paid = true;
         m.progress.selected = 0;
       }},
      // Speech mode (the tactile keypad): the focus ring for sighted helpers, on the IME's
      // candidate bar and on the receipt; the screen blanked for privacy; the keyed signature.
      {"speech-focus-keyboard",
       [](ui::ViewModel& m) {
         typing(m, "pinyin");
         m.keyboard.preedit = "bei jing shi";
         m.keyboard.candidates = {"北京市", "北京", "背景", "背静", "被", "北", "背", "倍"};
         m.speech.on = true;
         m.speech.focus = "ime.cand:1";
       }},
      {"speech-focus-receipt",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::receipt;
         m.speech.on = true;
         m.speech.headphones = true;
         m.speech.focus = "to.evaluate";
       }},
      {"speech-blanked",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::form;
         m.speech.on = true;
         m.speech.blanked = true;
       }},
      // The commitment signed by key: "sign by key" focused (it says the whole commitment).
      {"speech-sign",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::sign;
         m.commitment_accepted = false;
         m.signature = {};
         m.speech.on = true;
         m.speech.focus = "sign.keyed";
       }},
      {"review-signed-keyed",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::review;
         m.signature = {};
         m.signature.done = true;
         m.signature.keyed = true;
         m.speech.on = true;
       }},
      // Elder mode (大字模式): the screens whose layout it changes.
      {"attract-elder",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::attract;
         m.elder_mode = true;
       }},
      {"catalog-elder",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::catalog;
         m.elder_mode = true;
       }},
      {"catalog-search-elder",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::catalog;
         m.elder_mode = true;
         m.search_open = true;
         m.search_query = "SBK";
         m.results = {m.items[0], m.items[3]};
       }},
      {"form-elder",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::form;
         m.elder_mode = true;
       }},
      {"form-keyboard-pinyin-elder",
       [](ui::ViewModel& m) {
         typing(m, "pinyin");
         m.elder_mode = true;
         m.keyboard.preedit = "bei jing shi";
         m.keyboard.candidates = {"北京市", "北京", "背景", "背静", "被", "北", "背", "倍"};
         m.keyboard.has_next_page = true;
       }},
      {"form-keyboard-hand-elder",
       [](ui::ViewModel& m) {
         typing(m, "hand");
         m.elder_mode = true;
         m.keyboard.ink = zhang_ink();
         m.keyboard.candidates = {"张", "驳", "饫", "兮", "沃", "规", "妖", "已"};
         m.keyboard.has_next_page = true;
       }},
      {"form-keyboard-123-elder",
       [](ui::ViewModel& m) {
         typing(m, "123");
         m.elder_mode = true;
         m.link_up = false;  // the offline banner: the keyboard still fits above back and next
         m.link = "down";
       }},
      {"review-elder",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::review;
         m.elder_mode = true;
       }},
      {"review-express-elder",
       [](ui::ViewModel& m) {
         express(m);
         m.elder_mode = true;
       }},
      // Under the offline banner: the summary, the delivery and the commitment still whole.
      {"review-express-elder-offline",
       [](ui::ViewModel& m) {
         express(m);
         m.elder_mode = true;
         m.link_up = false;
         m.link = "down";
       }},
      {"form-date-elder",
       [](ui::ViewModel& m) {
         editing(m, "date");
         m.elder_mode = true;
       }},
      {"form-region-elder",
       [](ui::ViewModel& m) {
         editing(m, "address");
         m.elder_mode = true;
         m.region.pages = 1;
       }},
      {"form-address-street-elder",
       [](ui::ViewModel& m) {
         editing(m, "address");
         m.elder_mode = true;
         m.region.open = false;
         m.region.path.push_back({"460108", "美兰区"});
         m.region.change = "460100";
         m.keyboard.mode = "pinyin";
       }},
      {"form-materials-elder",
       [](ui::ViewModel& m) {
         editing(m, "materials");
         m.elder_mode = true;
       }},
      {"receipt-elder",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::receipt;
         m.elder_mode = true;
       }},
      {"evaluate-elder",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::evaluate;
         m.elder_mode = true;
         m.evaluation_level = 2;
         m.evaluation_reasons = {"long_wait"};
       }},
      {"help-choose-elder",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::guide;
         m.elder_mode = true;
         m.help.stage = "choosing";
       }},
      // Its voice bar reached by the keypad's arrows: louder focused.
      {"help-choose-speech-elder",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::form;
         m.elder_mode = true;
         m.help.stage = "choosing";
         m.speech.on = true;
         m.speech.focus = "voice.up";
       }},
      {"idle-warning",
       [](ui::ViewModel& m) {
         m.screen = ScreenId::form;
         m.idle_warning = true;
         m.idle_seconds_left = 23;
         m.idle_seconds_total = 30;  // what the voice says as the warning comes
       }},
  };
}

}  // namespace yiwang::golden
