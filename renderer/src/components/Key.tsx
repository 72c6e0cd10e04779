// One key of an on-screen keyboard: large, with its own pressed look, and it never takes the focus from the
// input being typed into.
import { useState, type ReactNode } from 'react';

export function Key({
  name,
  wide,
  on,
  onPress,
  children,
}: {
  name: string;
  wide?: boolean;
  /** A toggle key's state (⇧), announced and drawn as pressed; absent for ordinary keys. */
  on?: boolean;
  onPress: () => void;
  children: ReactNode;
}) {
  // Pressed feedback of its own: :active is unreliable on touch screens once the default is prevented.
  const [pressed, setPressed] = useState(false);
  return (
    <button
      type="button"
      className={`key${wide ? ' key-wide' : ''}${name.length === 1 ? ' key-letter' : ' key-action'}`}
      data-key={name}
      data-pressed={pressed || undefined}
      aria-pressed={on}
      // Keep the focus (and caret) in the input being typed into, so a physical keyboard goes on working.
      onMouseDown={(event) => event.preventDefault()}
      onPointerDown={() => setPressed(true)}
      onPointerUp={() => setPressed(false)}
      onPointerLeave={() => setPressed(false)}
      onPointerCancel={() => setPressed(false)}
      onClick={onPress}
    >
      {children}
    </button>
  );
}
