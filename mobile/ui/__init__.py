"""The app's look and its shared widgets: theme, labels that escape user text, bars, chart."""
