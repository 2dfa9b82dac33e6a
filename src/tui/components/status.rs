//! The status line's message: what the last action said, or what went wrong. Every
//! component may speak through it; the next key clears it.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Status {
    pub message: Option<Message>,
}

impl Status {
    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    pub fn clear(&mut self) {
        self.message = None;
    }
}
