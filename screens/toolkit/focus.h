// Speech mode's view of a frame: its actionable widgets in reading order, the focus ring drawn
// on the focused one (for sighted helpers), and the screen blanked for privacy.
#pragma once

#include <string>
#include <vector>

#include "toolkit/translator.h"
#include "toolkit/view_model.h"
#include "toolkit/widget.h"

namespace yiwang::ui {

// The enabled buttons and writing pads of a frame, top to bottom and, on one row, left to right:
// what the keypad's arrows move through. Derived from the widgets the screen built, never kept
// by hand.
std::vector<const Widget*> focus_order(const Frame& frame);

// One arrow press: the place in `order` after (direction 1) or before (-1) the focused widget,
// known by its id and last place; nothing focused (or gone): the first, or the last. Both ends
// wrap. -1 when the frame has nothing to focus.
int next_focus(const std::vector<const Widget*>& order, const std::string& id, int index,
               int direction);

// The frame the model shows now (its screen, or the idle warning over it), as ScreenStack would
// build it, with elder mode's palette: the kiosk walks it with the keypad.
void build_current(const ViewModel& model, const Translator& translator, Frame& frame);

// Drawn over the built frame: a ring around the focused widget (speech mode), or the whole screen
// black with one line saying why (blanked for privacy).
void speech_decorations(const ViewModel& model, const Translator& translator, Frame& frame);

namespace theme {
inline constexpr int kFocusRingPx = 8;
inline constexpr Color kFocusRing{255, 196, 0};  // amber with a black inner line
inline constexpr Color kFocusInner{0, 0, 0};
}  // namespace theme

}  // namespace yiwang::ui
