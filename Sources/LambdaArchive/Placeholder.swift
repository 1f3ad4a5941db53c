public enum LambdaArchivePlaceholder {}
