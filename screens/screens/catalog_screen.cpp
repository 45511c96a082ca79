// Catalog screen: categories (or the search keyboard) on the left, items as large tiles, both in
// pages sized so that nothing is drawn over the status line, whatever banners are shown.
#include <algorithm>

#include "screens/chrome.h"
#include "screens/screens.h"

namespace yiwang::ui {

namespace {

constexpr int kColumnW = 460;

int page_count(std::size_t count, int per_page) {
  return std::max(1, static_cast<int>((count + per_page - 1) / per_page));
}

// "◀" and "▶" with "2 / 18" between them; the buttons are shown disabled at the ends.
void pager(const Ui& ui, Rect area, const std::string& what, int page, int pages) {
  const int w = 150;
  ui.frame.button("page:" + what + "-", {area.x, area.y, w, area.h}, "◀", false, page > 0);
  ui.frame.label({area.x + w, area.y + (area.h - 44) / 2, area.w - 2 * w, 44},
                 std::to_string(page + 1) + " / " + std::to_string(pages), ui.sz.body,
                 theme::kMuted, TextAlign::centre);
  ui.frame.button("page:" + what + "+", {area.x + area.w - w, area.y, w, area.h}, "▶", false,
                  page + 1 < pages);
}

void keyboard(const Ui& ui, int top) {
  using namespace theme;
  ui.frame.panel({kMargin, top, kColumnW, 70}, {255, 255, 255, 255}, kBorder);
  ui.frame.label(
      {kMargin + 16, top + 12, kColumnW - 32, 50},
      ui.model.search_query.empty() ? ui.t("catalog.search_hint") : ui.model.search_query,
      ui.sz.body, ui.model.search_query.empty() ? kMuted : kText);
  const int key = 84, gap = 10;
  int index = 0;
  for (char c = 'A'; c <= 'Z'; ++c, ++index) {
    const int x = kMargin + (index % 5) * (key + gap);
    const int y = top + 86 + (index / 5) * (72 + 8);
    ui.frame.button(std::string("search.key:") + c, {x, y, key, 72}, std::string(1, c), false, true,
                    ui.sz.body);
  }
  const int y = top + 86 + 5 * 80;
  ui.frame.button("search.key:del", {kMargin + key + gap, y, 2 * key + gap, 72},
                  ui.t("keypad.delete"));
  ui.frame.button("search.key:clear", {kMargin + 3 * (key + gap), y, 2 * key + gap, 72},
                  ui.t("keypad.clear"));
  // Chinese words searched with one tap (the catalog's names are Chinese; the letter keys type
  // pinyin): two rows of four from the translation table, space-separated.
  const std::string words = ui.t("catalog.hotwords");
  const int chip_w = (kColumnW - 3 * gap) / 4;
  int index_word = 0;
  for (std::size_t start = 0; start < words.size() && index_word < 8;) {
    std::size_t end = words.find(' ', start);
    if (end == std::string::npos) end = words.size();
    const std::string word = words.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    const int x = kMargin + (index_word % 4) * (chip_w + gap);
    const int chip_y = y + 82 + (index_word / 4) * (66 + 8);
    ui.frame.button("search.key:" + word, {x, chip_y, chip_w, 66}, word, false, true, kSmallPx);
    ++index_word;
  }
}

// Elder mode's search: the query (in `query`, between the search and progress buttons) and
// twelve 120 px keys a row across the whole width from keys_top; returns the keyboard's bottom.
int elder_keyboard(const Ui& ui, Rect query, int keys_top) {
  using namespace theme;
  const int key = ui.sz.target, pitch = key + ui.sz.gap;
  ui.frame.panel(query, {255, 255, 255, 255}, kBorder);
  ui.frame.label(
      {query.x + 16, query.y + 10, query.w - 32, 52},
      ui.model.search_query.empty() ? ui.t("catalog.search_hint") : ui.model.search_query,
      ui.sz.body, ui.model.search_query.empty() ? kMuted : kText);
  int index = 0;
  for (char c = 'A'; c <= 'Z'; ++c, ++index) {
    ui.frame.button(std::string("search.key:") + c,
                    {kMargin + (index % 12) * pitch, keys_top + (index / 12) * pitch, key, key},
                    std::string(1, c), false, true, ui.sz.title);
  }
  const int y = keys_top + 2 * pitch;
  ui.frame.button("search.key:del", {kMargin + 2 * pitch, y, 2 * pitch + key, key},
                  ui.t("keypad.delete"));
  ui.frame.button("search.key:clear", {kMargin + 5 * pitch, y, 2 * pitch + key, key},
                  ui.t("keypad.clear"));
  return y + key;
}

void item_tile(const Ui& ui, const ItemView& item, Rect rect) {
  std::string text = ui.b(item.name);
  if (item.mode == "guide_only") text += "\n" + ui.t("catalog.guide_only");
  ui.frame.button("item:" + item.code, rect, text, false, true, ui.sz.body);
}

// Elder mode: four categories and four items a page; searching, the keyboard spans the width
// and two results a page sit beneath it between the pager's buttons.
void elder_catalog(const Ui& ui, int top) {
  using namespace theme;
  const ViewModel& model = ui.model;
  const int bottom = ui.sz.bottom;
  const int h = ui.sz.target, gap = ui.sz.gap;
  const int left = model.search_open ? kMargin : kMargin + kColumnW + 40;
  const int area_w = kWidth - left - kMargin;
  const int button_w = std::min(440, (area_w - gap) / 2);
  ui.frame.button("search.open", {left, top, button_w, h},
                  ui.t(model.search_open ? "catalog.search_close" : "catalog.search"),
                  model.search_open);
  ui.frame.button("progress", {kWidth - kMargin - button_w, top, button_w, h},
                  ui.t("progress.open"));
  const bool searching = model.search_open && !model.search_query.empty();
  const std::vector<ItemView>& items = searching ? model.results : model.items;
  const int per_page = items_per_page(true, model.search_open);
  const int pages = page_count(items.size(), per_page);
  const int page = std::clamp(model.item_page, 0, pages - 1);
  const auto first = static_cast<std::size_t>(page) * static_cast<std::size_t>(per_page);
  const auto last = std::min(items.size(), first + static_cast<std::size_t>(per_page));
  if (model.search_open) {
    const Rect query{left + button_w + gap, top + (h - 70) / 2, area_w - 2 * (button_w + gap), 70};
    const int rows_top = elder_keyboard(ui, query, top + h + gap) + gap;
    const int row_h = bottom - rows_top;
    if (searching && items.empty()) {
      ui.frame.label({left, rows_top, area_w, 60}, ui.t("catalog.no_results"), ui.sz.body, kMuted);
    }
    const int pager_w = 150;
    const int tile_w = (area_w - 2 * pager_w - 3 * gap) / 2;
    for (std::size_t i = first; i < last; ++i) {
      const int index = static_cast<int>(i - first);
      item_tile(ui, items[i],
                {left + pager_w + gap + index * (tile_w + gap), rows_top, tile_w, row_h});
    }
    if (pages > 1) {
      ui.frame.button("page:item-", {left, rows_top, pager_w, row_h}, "◀", false, page > 0);
      ui.frame.button("page:item+", {kWidth - kMargin - pager_w, rows_top, pager_w, row_h}, "▶",
                      false, page + 1 < pages);
    }
    return;
  }
  const int cat_per_page = categories_per_page(true);
  const int cat_pages = page_count(model.categories.size(), cat_per_page);
  const int cat_page = std::clamp(model.category_page, 0, cat_pages - 1);
  const auto cat_first = static_cast<std::size_t>(cat_page) * cat_per_page;
  int y = top;
  for (std::size_t i = cat_first;
       i < model.categories.size() && i < cat_first + static_cast<std::size_t>(cat_per_page); ++i) {
    const auto& category = model.categories[i];
    ui.frame.choice("category:" + category.code, {kMargin, y, kColumnW, h}, ui.b(category.name),
                    category.code == model.category, ui.sz.body);
    y += h + gap;
  }
  if (cat_pages > 1) pager(ui, {kMargin, bottom - h, kColumnW, h}, "cat", cat_page, cat_pages);
  const int rows_top = top + h + gap;
  const int pager_top = bottom - h;
  const int row_h = (pager_top - gap - rows_top) / 2 - gap;
  const int tile_w = (area_w - gap) / 2;
  for (std::size_t i = first; i < last; ++i) {
    const int index = static_cast<int>(i - first);
    item_tile(ui, items[i],
              {left + (index % 2) * (tile_w + gap), rows_top + (index / 2) * (row_h + gap), tile_w,
               row_h});
  }
  if (pages > 1) pager(ui, {left, pager_top, area_w, h}, "item", page, pages);
}

}  // namespace

void CatalogScreen::build(const ViewModel& model, const Translator& translator,
                          Frame& frame) const {
  Ui ui{model, translator, frame};
  using namespace theme;
  const int top = chrome(ui, "catalog.title");
  const int bottom = ui.sz.bottom;  // nothing below this line: the voice bar is there
  if (model.categories.empty()) {
    frame.label({kMargin, top, 1200, 60}, ui.t("catalog.empty"), ui.sz.body, kError);
  }
  if (model.elder_mode) return elder_catalog(ui, top);
  if (model.search_open) {
    keyboard(ui, top);
  } else {
    const int pages = page_count(model.categories.size(), kCategoriesPerPage);
    const int page = std::clamp(model.category_page, 0, pages - 1);
    int y = top;
    const auto first = static_cast<std::size_t>(page) * kCategoriesPerPage;
    for (std::size_t i = first;
         i < model.categories.size() && i < first + static_cast<std::size_t>(kCategoriesPerPage);
         ++i) {
      const auto& category = model.categories[i];
      frame.choice("category:" + category.code, {kMargin, y, kColumnW, 66}, ui.b(category.name),
                   category.code == model.category, ui.sz.body);
      y += 74;
    }
    if (pages > 1) pager(ui, {kMargin, bottom - 70, kColumnW, 66}, "cat", page, pages);
  }

  const int left = kMargin + kColumnW + 40;
  const int area_w = kWidth - left - kMargin;
  frame.button("search.open", {left, top, 440, 76},
               ui.t(model.search_open ? "catalog.search_close" : "catalog.search"),
               model.search_open);
  frame.button("progress", {kWidth - kMargin - 440, top, 440, 76}, ui.t("progress.open"));

  const bool searching = model.search_open && !model.search_query.empty();
  const std::vector<ItemView>& items = searching ? model.results : model.items;
  if (searching && items.empty()) {
    frame.label({left, top + 110, area_w, 60}, ui.t("catalog.no_results"), ui.sz.body, kMuted);
  }
  const int pages = page_count(items.size(), kItemsPerPage);
  const int page = std::clamp(model.item_page, 0, pages - 1);
  // Three rows of two between the buttons above and the pager below, at any banner height.
  const int rows_top = top + 92;
  const int row_h = std::min(150, (bottom - 80 - rows_top) / 3 - 12);
  const int tile_w = (area_w - 30) / 2;
  const auto first = static_cast<std::size_t>(page) * kItemsPerPage;
  for (std::size_t i = first; i < items.size() && i < first + kItemsPerPage; ++i) {
    const int index = static_cast<int>(i - first);
    item_tile(
        ui, items[i],
        {left + (index % 2) * (tile_w + 30), rows_top + (index / 2) * (row_h + 12), tile_w, row_h});
  }
  if (pages > 1) pager(ui, {left, bottom - 70, area_w, 66}, "item", page, pages);
}

}  // namespace yiwang::ui
