// View models that between them make every screen show every widget it can have: the flow
// table's test and the accessibility test build every screen from them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "toolkit/view_model.h"

namespace yiwang::test {

using ui::ScreenId;

inline constexpr ScreenId kScreens[] = {
    ScreenId::attract,         ScreenId::identify,     ScreenId::catalog,
    ScreenId::guide,           ScreenId::form,         ScreenId::review,
    ScreenId::submitting,      ScreenId::receipt,      ScreenId::evaluate,
    ScreenId::goodbye,         ScreenId::certificates, ScreenId::out_of_service,
    ScreenId::maintenance_pin, ScreenId::maintenance,  ScreenId::payment,
    ScreenId::progress,        ScreenId::diagnostics,  ScreenId::provisioning,
    ScreenId::display_setup,   ScreenId::sign};

// Models that between them make every screen show every widget it can have.
inline std::vector<ui::ViewModel> rich_models() {
  ui::ViewModel base;
  base.demo_controls = true;
  base.display_name = "张*";
  base.categories = {{"social-security", {"社保", "Social security"}},
                     {"household", {"户籍", "Household"}}};
  base.category = "social-security";
  ui::ItemView apply;
  apply.code = "460100-0001-0001";
  apply.name = {"参保登记", "Enrolment"};
  apply.mode = "apply";
  apply.delivery = {"pickup", "electronic"};
  apply.has_commitment = true;
  ui::ItemView certificate = apply;
  certificate.code = "460100-0003-0004";
  certificate.mode = "print_certificate";
  base.items = {apply, certificate};
  ui::FieldView text;
  text.key = "phone";
  text.type = "phone";
  ui::FieldView select;
  select.key = "grade";
  select.type = "select";
  select.options = {{"200", {"200", "200"}}, {"500", {"500", "500"}}};
  base.fields = {text, select};
  base.delivery = "pickup";
  base.commitment_accepted = true;
  base.signature.ink = {{{100, 100}, {400, 200}, {700, 100}}};
  base.signature.enough_ink = true;
  base.signature.done = true;
  base.receipt.can_reprint = true;
  base.receipt.case_id = "HN1";
  base.certificates.list = {{"C1", {"户籍证明", "Household"}, {"公安局", "Police"}, "2026-11-01"}};
  base.evaluation_level = 2;
  ui::CaseView one;
  one.case_id = "HN1";
  one.status = "accepted";
  one.history = {{"2026-11-21T09:30:00+08:00", "accepted", {"已受理", "Accepted"}}};
  ui::CaseView two = one;
  two.case_id = "HN2";
  two.status = "completed";  // not rated yet: it may be rated from the progress screen
  base.progress.cases = {one, two};
  base.payment.case_id = "HN1";
  base.payment.amount_fen = 1000;
  base.payment.stage = "pending";
  base.payment.qr = {21, std::vector<std::uint8_t>(21 * 21, 1)};
  base.provisioning.step = "ready";  // the wizard's last step offers both of its buttons
  base.diagnostics.dead_letters = {{7, "application", "T1-20261118-0001", "09:30", "422"}};

  std::vector<ui::ViewModel> models;
  ui::ViewModel a = base;
  a.item = apply;
  a.fields[0].focused = true;
  models.push_back(a);
  ui::ViewModel c = base;  // a county's catalog: pages of categories and items, and search
  for (int i = 0; i < 12; ++i) c.categories.push_back({"c" + std::to_string(i), {"类", "Kind"}});
  for (int i = 0; i < 12; ++i) c.items.push_back(apply);
  models.push_back(c);
  c.search_open = true;
  c.search_query = "SB";
  c.results = c.items;
  models.push_back(c);
  // The text keyboard of a typed field, in each of its modes, with pages both ways.
  ui::FieldView address;
  address.key = "address";
  address.type = "address";
  address.focused = true;
  for (const char* mode : {"pinyin", "hand", "abc", "123"}) {
    ui::ViewModel k = base;
    k.item = apply;
    k.fields = {address};
    k.keyboard.mode = mode;
    k.keyboard.preedit = "bei jing";
    k.keyboard.candidates = {"北京", "背景"};
    k.keyboard.has_previous_page = true;
    k.keyboard.has_next_page = true;
    k.keyboard.ink = {{{10, 10}, {40, 40}}};
    models.push_back(k);
    k.elder_mode = true;  // the elder layout: the fields give way to the keyboard until closed
    models.push_back(k);
  }
  // The form's other editors (issue 13): the date picker; the region cascade with pages and a
  // level above, then closed with the way back to it; the materials checklist; the review with
  // express delivery and its way back to the address.
  ui::ViewModel d = base;
  d.item = apply;
  d.item.materials = {{"M1", {"身份证", "ID card"}, true, true, 0},
                      {"M2", {"照片", "Photo"}, true, false, 2}};
  d.item.delivery = {"pickup", "express", "electronic"};
  ui::FieldView date;
  date.key = "birth";
  date.type = "date";
  date.focused = true;
  d.fields = {date};
  d.date = {"1952-03-14", false, "1900-01-01", "2026-12-01"};
  models.push_back(d);
  address.key = "address";
  d.fields = {address};
  d.region.open = true;
  d.region.up = "460000";
  d.region.pages = 2;
  d.region.page = 1;
  d.region.choices = {{"460105", "秀英区"}, {"460108", "美兰区"}};
  d.region.chosen = "460108";
  models.push_back(d);
  d.region.open = false;
  d.region.change = "460100";
  d.keyboard.mode = "pinyin";
  models.push_back(d);
  ui::FieldView materials;
  materials.key = "materials";
  materials.type = "materials";
  materials.focused = true;
  d.fields = {materials};
  d.keyboard = {};
  d.material_choices = {{"M2", "later"}};
  d.delivery = "express";
  models.push_back(d);
  ui::ViewModel b = base;
  b.payment.stage = "expired";
  b.progress.selected = 1;
  b.item = certificate;
  b.fields[1].focused = true;
  models.push_back(b);
  // Speech mode: the sign screen's keyed way of signing (the commitment said, a key signs).
  ui::ViewModel s = base;
  s.item = apply;
  s.speech.on = true;
  s.commitment_accepted = false;
  s.signature = {};
  models.push_back(s);
  return models;
}

}  // namespace yiwang::test
