package io.fanout.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fanout.record.RecordReader.Format;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CsvHeaderTest {

    @Test
    void headerNamesAreTrimmedAndKeptInOrder() throws IOException {
        try (RecordReader reader = Items.open("\n\"last, first\" , id ,city\n", Format.CSV)) {
            assertThat(reader.columns()).containsExactly("last, first", "id", "city");
        }
    }

    @Test
    void emptyFileIsUnreadable() {
        assertThatThrownBy(() -> Items.open("", Format.CSV))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("the file is empty");
    }

    @Test
    void fileOfBlankLinesHasNoHeader() {
        assertThatThrownBy(() -> Items.open("\n \r\n\t\n", Format.CSV))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("the file has no header: it contains only blank lines");
    }

    @Test
    void blankColumnNameIsUnreadable() {
        assertThatThrownBy(() -> Items.open("id, ,name\n1,2,3\n", Format.CSV))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("column 2 of the header has a blank name");
    }

    @Test
    void duplicateColumnNameIsUnreadable() {
        assertThatThrownBy(() -> Items.open("id,name,email,name\n", Format.CSV))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("the header names column \"name\" twice (columns 2 and 4)");
    }

    @Test
    void columnNamesDifferingOnlyInCaseAreDuplicates() {
        assertThatThrownBy(() -> Items.open("ID,name,id\n", Format.CSV))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("the header names column \"id\" twice (columns 1 and 3)");
    }

    @Test
    void headerWithUnterminatedQuoteIsUnreadable() {
        assertThatThrownBy(() -> Items.open("id,\"name\n1,Ann\n", Format.CSV))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("the header has an unterminated quoted field");
    }
}
