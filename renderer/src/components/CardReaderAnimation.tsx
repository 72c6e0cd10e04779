/** A card sliding onto a reader, drawn in CSS (styles.css: .reader-*); it stays still under reduced motion. */
export function CardReaderAnimation() {
  return (
    <div className="reader-scene" aria-hidden="true">
      <div className="reader-card">
        <span className="reader-card-photo" />
        <span className="reader-card-line" />
        <span className="reader-card-line reader-card-line-short" />
      </div>
      <div className="reader-pad">
        <span className="reader-pad-waves" />
      </div>
    </div>
  );
}
