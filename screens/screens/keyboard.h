// The on-screen keyboard of text and address fields (拼音 / 手写 / ABC / 123): widgets sending
// ime.key:<k>, ime.mode:<m>, ime.cand:<i>, ime.page:<+|->, ime.pad_clear, ime.close (elder
// mode's "done typing"), and the writing pad
// ime.stroke (a finished stroke is sent as ime.stroke:<x,y x,y ...>).
#pragma once

#include "screens/chrome.h"

namespace yiwang::ui {

inline constexpr int kKeyboardWidth = 672;

// Draws the keyboard of `field` from model.keyboard with its top-left at x, y; returns the
// bottom (about 550 pixels lower).
int text_keyboard(const Ui& ui, const FieldView& field, int x, int y);

// Elder mode (大字): the keyboard across the whole width from `top`, under a line showing the
// field (and the field's problem or the notice, which the header then leaves out); the modes
// (拼音 / 手写 / ABC / 123) go in the row of "done typing" and next (elder_keyboard_modes, w wide
// from x).
// Returns the bottom of the keys.
int elder_text_keyboard(const Ui& ui, const FieldView& field, int top);
void elder_keyboard_modes(const Ui& ui, int x, int y, int w);

}  // namespace yiwang::ui
