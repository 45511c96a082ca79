// Scripted journeys: one step per line, replayed by the kiosk to drive it like a person would.
//
//   wait SCREEN [SECONDS]   until the named screen shows (default 15 s)
//   tap WIDGET              touch the centre of a widget (its id is the intent it sends)
//   type DIGITS             tap key:D for each digit on the keypad
//   keys KEYS               tap ime.key:K for each letter, digit or ' - / # of KEYS on the text
//                           keyboard (pinyin letters compose; ABC gives capitals), once the
//                           input method has loaded (up to 60 s)
//   pick TEXT               tap the candidate TEXT in the keyboard's bar, turning pages forward
//                           as a person would (within 5 s: recognition after the pen rests)
//   date YYYY-MM-DD         tap the date picker's steppers (年 ±10, ±1, 月 ±, 日 ±) as a resident
//                           would until it shows that date, then date:ok if none was chosen yet
//   strokes FILE            draw the strokes of FILE (parse_strokes' format, a 300x300 box;
//                           relative to the script's folder) on the writing pad, finger by finger
//   sign FILE               the same on the commitment's signature pad (a 900x300 box)
//   card SAMPLE | card-remove   place a sample card on the simulated reader, or take it away
//   scan TEXT               the simulated scanner reads TEXT
//   shot NAME               screenshot to OUT/NN-NAME.png
//   expect TEXT             some widget on screen shows TEXT (within 15 s)
//   expect-not TEXT         no widget on screen shows TEXT now
//   advance SECONDS         move the kiosk's clock forward (idle timeouts)
//   sleep MS                let real time pass
//   wait-print [SECONDS]    until the receipt has printed (fails if it did not)
//   wait-no-print [SECONDS] until the receipt job ended without printing (paper out, ...)
//   printer CONDITION       the virtual receipt printer: paper-full, paper-low, paper-out,
//                           paper-out-after N (lines), cover-open, cover-closed, jam, unjam
//   wait-idle-queue [SECONDS]  until the outbox is empty
//   wait-link STATE [SECONDS]  until the platform link is STATE (up, degraded, down, held, ...)
//   tap-burst WIDGET [N]    N touches (default 2) at the widget's centre before the next frame
//   repeat N ... end-repeat the steps between, N times (soak runs; not nested)
//   hang MS                 the UI thread blocks for MS, as a hung one would (watchdog tests)
//   stats LABEL             log the process's resident memory, open descriptors and threads
//   long-press X Y [MS]     a finger held MS ms (default 2500) at X,Y: the corner gesture is
//                           long-press 20 20, then long-press 1900 20
//   key COMBO               a USB keyboard's key through SDL: ctrl+q, alt+f4, ctrl+alt+delete;
//                           text:WORD types WORD; window-close is the window manager's close
//   keypad KEY              the tactile keypad's key pressed and let go: up, down, left, right,
//                           enter, back, help, audio, volume-up, volume-down, blank, 0-9. Written
//                           as input_event records (the key codes a USB numeric keypad sends)
//                           into the keypad's node, a FIFO given as --keypad: the driver reads and
//                           maps it; the step ends when the flow has handled the key
//   keypad-to WIDGET        keypad down (as a resident listening to each label would), each key
//                           once the last has moved the focus, until the focus is on WIDGET;
//                           fails after going round the whole screen
//   keypad-type DIGITS      the keypad's digit keys, one after the other
//   headphones in|out       the headphone jack's switch (EV_SW SW_HEADPHONE_INSERT) written into
//                           its node, a FIFO given as --headphone-jack
//   expect-said TEXT        the last line said (speech mode's focus label or a screen's line)
//                           holds TEXT
//   wait-played TEXT        until the last line the voice played to its end holds TEXT
// Lines starting with # are comments.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace yiwang::kiosk {

struct ScriptStep {
  int line = 0;
  std::string verb;
  std::string argument;  // the rest of the line
  double seconds = 15;   // for the waiting verbs
  std::size_t jump = 0;  // end-repeat: the index of its repeat step
};

std::optional<std::vector<ScriptStep>> parse_script(const std::string& text, std::string& error);

}  // namespace yiwang::kiosk
