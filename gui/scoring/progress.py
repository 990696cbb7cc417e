"""The status-bar strip shown while scoring: what is being computed and a Cancel button."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class ScoreProgress(QWidget):
    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop scoring (the previous results stay)")
        self.cancel_button.clicked.connect(controller.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        controller.score_started.connect(self._started)
        controller.score_progress.connect(self._progress)
        controller.busy_changed.connect(lambda busy: self.setVisible(busy))
        self.hide()

    def _started(self) -> None:
        self.bar.setRange(0, 0)
        self.label.setText("Scoring…")
        self.show()

    def _progress(self, done: int, total: int, phrase: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        self.label.setText(f"Scoring: {phrase}" if phrase else "Scoring…")
