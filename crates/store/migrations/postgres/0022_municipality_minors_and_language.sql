-- Whether a municipality takes unaccompanied minors (Norway asks only those that said
-- yes; blank is "not stated") and its administrative language form (Norwegian målform).
ALTER TABLE municipalities ADD COLUMN takes_unaccompanied_minors BOOLEAN;
ALTER TABLE municipalities ADD COLUMN language_form TEXT
    CHECK (language_form IN ('bokmal', 'nynorsk', 'neutral'));
