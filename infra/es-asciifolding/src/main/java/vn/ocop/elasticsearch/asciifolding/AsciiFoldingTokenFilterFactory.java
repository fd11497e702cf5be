package vn.ocop.elasticsearch.asciifolding;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * The {@code asciifolding} token filter: folds Vietnamese (and other Latin) letters to ASCII, so
 * that "Mật ong Hạ Long" and "mat ong ha long" meet in the index. Lucene's filter also folds đ/Đ to
 * d/D, which Unicode decomposition alone does not.
 */
@NamedComponent("asciifolding")
public class AsciiFoldingTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new ASCIIFoldingFilter(tokenStream);
    }
}
